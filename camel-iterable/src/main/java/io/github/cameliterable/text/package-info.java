/**
 * How values are shown safely (escaped, cut) in reports, reasons, exceptions and log lines. A leaf: imports nothing of
 * this component, and every package may import it.
 */
package io.github.cameliterable.text;
