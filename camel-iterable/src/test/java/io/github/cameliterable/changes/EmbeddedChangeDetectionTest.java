package io.github.cameliterable.changes;

import javax.sql.DataSource;

/** Change detection with the default embedded H2 state store. */
class EmbeddedChangeDetectionTest extends ChangeDetectionContract {
    @Override
    DataSource dataSource() {
        return null;
    }
}
