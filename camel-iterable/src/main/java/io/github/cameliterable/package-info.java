/**
 * The Camel shell: component, endpoint, configuration, producer, headers, the dev console. Thin: it turns the
 * endpoint's options into the small settings records of the packages below (client, sync, mapping, state,
 * observability) and hands each exchange's body to a run. Nothing else imports this package.
 */
package io.github.cameliterable;
