-- What happens in the warehouse between the demo's two runs.
-- users: three customers upgrade (changed), two sign up (new), the deleted and renamed ones leave or move
UPDATE customers SET plan = 'pro', lifetime_value = lifetime_value + 500 WHERE id IN (1, 2, 3);
INSERT INTO customers VALUES
    (201, 'u-00201', 'customer201@example.com', 'Margaret', 'Hamilton', 'Boston', 'free', 0, TIMESTAMP '2026-03-05 10:00:00'),
    (202, 'u-00202', 'customer202@example.com', 'Radia', 'Perlman', 'Seattle', 'pro', 120, TIMESTAMP '2026-03-05 11:00:00');
DELETE FROM customers WHERE id IN (196, 197);
UPDATE customers SET email = (SELECT new_email FROM email_changes WHERE old_email = customers.email)
WHERE email IN (SELECT old_email FROM email_changes);

-- events: twenty more
INSERT INTO app_events
SELECT 'ev-' || LPAD(CAST(x AS VARCHAR), 4, '0'), MOD(x * 13, 180) + 1, 'app_opened',
       DATEADD('MINUTE', x * 17, TIMESTAMP '2026-03-01 08:00:00'), 'home'
FROM SYSTEM_RANGE(301, 320) AS r(x);

-- purchases: two new orders
INSERT INTO orders VALUES
    ('order-031', 5, '[{"id":"sku-010","name":"Product 10","price":20.00,"quantity":1}]', 20.00, TIMESTAMP '2026-03-06 09:00:00'),
    ('order-032', 6, '[{"id":"sku-011","name":"Product 11","price":21.50,"quantity":2}]', 43.00, TIMESTAMP '2026-03-06 09:10:00');

-- carts: two new carts; a changed cart is not sent again (carts are inserts)
INSERT INTO carts VALUES
    ('cart-21', 8, '[{"id":"sku-012","name":"Product 12","price":23.00,"quantity":1}]'),
    ('cart-22', 9, '[{"id":"sku-013","name":"Product 13","price":24.50,"quantity":1}]');
UPDATE carts SET items = '[{"id":"sku-014","name":"Product 14","price":26.00,"quantity":3}]' WHERE cart_id = 'cart-01';

-- catalog: a price change, a new product, a discontinued one (deleted from the catalog)
UPDATE products SET price = 4.99 WHERE sku = 'sku-001';
INSERT INTO products VALUES ('sku-051', 'Product 51', 'books', 81.50, TRUE);
DELETE FROM products WHERE sku = 'sku-050';

-- lists: customer 4 leaves the segment (unsubscribed), customer 182 joins it
DELETE FROM segment_members WHERE segment = 'vip-customers' AND customer_id = 4;
INSERT INTO segment_members VALUES ('vip-customers', 182);

-- email: one more change; userActions: one more deletion request
INSERT INTO email_changes VALUES ('customer193@example.com', 'customer193.new@example.com');
INSERT INTO deletion_requests VALUES ('customer198@example.com', TIMESTAMP '2026-03-06 08:00:00');
