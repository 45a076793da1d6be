/**
 * Iterable's REST API: the operations and their published limits ({@code ApiEndpoint}), the HTTP client (JDK
 * {@code java.net.http}, async), rate limits per API key and endpoint, retries, daily caps, and Iterable's response
 * and error models. Knows nothing of Camel and imports no other package of this component but {@code text} (SafeText).
 */
package io.github.cameliterable.client;
