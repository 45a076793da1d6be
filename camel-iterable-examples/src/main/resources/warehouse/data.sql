-- Generated sample data (H2: SYSTEM_RANGE and DATEADD). Customers 1-180 are active and carry events, orders,
-- carts and segment membership; 191-193 change their email, 196-198 ask to be deleted.
INSERT INTO customers
SELECT x,
       'u-' || LPAD(CAST(x AS VARCHAR), 5, '0'),
       'customer' || x || '@example.com',
       CASE MOD(x, 8) WHEN 0 THEN 'Ada' WHEN 1 THEN 'Grace' WHEN 2 THEN 'Alan' WHEN 3 THEN 'Edsger'
                      WHEN 4 THEN 'Barbara' WHEN 5 THEN 'Donald' WHEN 6 THEN 'Frances' ELSE 'Ken' END,
       CASE MOD(x, 5) WHEN 0 THEN 'Lovelace' WHEN 1 THEN 'Hopper' WHEN 2 THEN 'Turing' WHEN 3 THEN 'Liskov' ELSE 'Knuth' END,
       CASE MOD(x, 4) WHEN 0 THEN 'Paris' WHEN 1 THEN 'Berlin' WHEN 2 THEN 'Lisbon' ELSE 'Dublin' END,
       CASE WHEN MOD(x, 10) = 0 THEN 'pro' ELSE 'free' END,
       CAST(MOD(x * 37, 2000) AS DECIMAL(10, 2)),
       DATEADD('DAY', x, TIMESTAMP '2025-01-01 09:30:00')
FROM SYSTEM_RANGE(1, 200) AS r(x);

INSERT INTO app_events
SELECT 'ev-' || LPAD(CAST(x AS VARCHAR), 4, '0'),
       MOD(x * 13, 180) + 1,
       CASE MOD(x, 3) WHEN 0 THEN 'app_opened' WHEN 1 THEN 'product_viewed' ELSE 'search' END,
       DATEADD('MINUTE', x * 17, TIMESTAMP '2026-03-01 08:00:00'),
       CASE MOD(x, 3) WHEN 0 THEN 'home' WHEN 1 THEN 'product' ELSE 'search' END
FROM SYSTEM_RANGE(1, 300) AS r(x);

INSERT INTO products
SELECT 'sku-' || LPAD(CAST(x AS VARCHAR), 3, '0'),
       'Product ' || x,
       CASE MOD(x, 3) WHEN 0 THEN 'books' WHEN 1 THEN 'games' ELSE 'music' END,
       CAST(5 + x * 1.5 AS DECIMAL(10, 2)),
       MOD(x, 7) <> 0
FROM SYSTEM_RANGE(1, 50) AS r(x);

-- each order: one unit of a product and two of another, priced from the products table
INSERT INTO orders
SELECT 'order-' || LPAD(CAST(x AS VARCHAR), 3, '0'),
       MOD(x * 7, 180) + 1,
       '[{"id":"' || a.sku || '","name":"' || a.title || '","price":' || a.price || ',"quantity":1},'
           || '{"id":"' || b.sku || '","name":"' || b.title || '","price":' || b.price || ',"quantity":2}]',
       a.price + 2 * b.price,
       DATEADD('HOUR', x * 5, TIMESTAMP '2026-03-01 10:00:00')
FROM SYSTEM_RANGE(1, 30) AS r(x)
JOIN products a ON a.sku = 'sku-' || LPAD(CAST(MOD(x, 50) + 1 AS VARCHAR), 3, '0')
JOIN products b ON b.sku = 'sku-' || LPAD(CAST(MOD(x * 3 + 7, 50) + 1 AS VARCHAR), 3, '0');

INSERT INTO carts
SELECT 'cart-' || LPAD(CAST(x AS VARCHAR), 2, '0'),
       MOD(x * 11, 180) + 1,
       '[{"id":"' || p.sku || '","name":"' || p.title || '","price":' || p.price || ',"quantity":' || (MOD(x, 3) + 1) || '}]'
FROM SYSTEM_RANGE(1, 20) AS r(x)
JOIN products p ON p.sku = 'sku-' || LPAD(CAST(MOD(x * 9, 50) + 1 AS VARCHAR), 3, '0');

-- the "vip-customers" segment: every fourth active customer
INSERT INTO segment_members SELECT 'vip-customers', x FROM SYSTEM_RANGE(1, 180) AS r(x) WHERE MOD(x, 4) = 0;

INSERT INTO email_changes VALUES
    ('customer191@example.com', 'customer191.new@example.com'),
    ('customer192@example.com', 'customer192.new@example.com');

INSERT INTO deletion_requests VALUES
    ('customer196@example.com', TIMESTAMP '2026-03-02 12:00:00'),
    ('customer197@example.com', TIMESTAMP '2026-03-02 12:05:00');
