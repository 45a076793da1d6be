-- The tables the examples of README.md and docs/ read (DocsExamplesTest). Plain SQL for H2 and PostgreSQL;
-- unquoted names, so that H2 returns them upper-case unless DATABASE_TO_LOWER is set.
CREATE TABLE customers (email VARCHAR(200), user_id VARCHAR(40), first_name VARCHAR(100), city VARCHAR(100),
                        plan VARCHAR(20), lifetime_value DECIMAL(10, 2));
INSERT INTO customers VALUES ('ann@example.com', 'u-1', 'Ann', 'Paris', 'pro', 1500.00),
                             ('bob@example.com', 'u-2', 'Bob', 'Berlin', 'free', 200.00),
                             ('cyd@example.com', 'u-3', 'Cyd', 'Lisbon', 'pro', 3000.00);

CREATE TABLE app_events (id VARCHAR(40), email VARCHAR(200), event_name VARCHAR(100), occurred_at TIMESTAMP,
                         amount DECIMAL(10, 2));
INSERT INTO app_events VALUES ('ev-1', 'ann@example.com', 'app_opened', TIMESTAMP '2026-03-01 08:00:00', NULL),
                              ('ev-2', 'bob@example.com', 'product_viewed', TIMESTAMP '2026-03-01 08:05:00', 12.50);

CREATE TABLE shipments (order_id VARCHAR(40), email VARCHAR(200), shipped_at TIMESTAMP);
INSERT INTO shipments VALUES ('order-1', 'ann@example.com', TIMESTAMP '2026-03-02 10:00:00'),
                             ('order-2', 'cyd@example.com', TIMESTAMP '2026-03-02 11:00:00');

CREATE TABLE orders (order_id VARCHAR(40), email VARCHAR(200), items_json VARCHAR(2000), total DECIMAL(10, 2));
INSERT INTO orders VALUES
    ('order-1', 'ann@example.com', '[{"id":"sku-001","name":"Product 1","price":4.5,"quantity":2}]', 9.00),
    ('order-2', 'cyd@example.com', '[{"id":"sku-002","name":"Product 2","price":10,"quantity":1}]', 10.00);

CREATE TABLE abandoned_carts (cart_id VARCHAR(40), email VARCHAR(200), items_json VARCHAR(2000));
INSERT INTO abandoned_carts VALUES
    ('cart-1', 'bob@example.com', '[{"id":"sku-003","name":"Product 3","price":7.25,"quantity":1}]');

CREATE TABLE products (sku VARCHAR(40), title VARCHAR(200), price DECIMAL(10, 2), in_stock BOOLEAN);
INSERT INTO products VALUES ('sku-001', 'Product 1', 4.50, TRUE), ('sku-002', 'Product 2', 10.00, FALSE),
                            ('sku-003', 'Product 3', 7.25, TRUE);

CREATE TABLE email_changes (user_id VARCHAR(40), old_email VARCHAR(200), new_email VARCHAR(200));
INSERT INTO email_changes VALUES ('u-2', 'bob@example.com', 'bob.new@example.com');

CREATE TABLE deletion_requests (email VARCHAR(200), user_id VARCHAR(40));
INSERT INTO deletion_requests VALUES ('cyd@example.com', 'u-3');
