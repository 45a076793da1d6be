-- The demo's warehouse: the tables a reverse-ETL model reads. Plain SQL that runs on H2 and PostgreSQL.
CREATE TABLE customers (
    id             INT PRIMARY KEY,
    user_id        VARCHAR(40) NOT NULL,
    email          VARCHAR(200) NOT NULL,
    first_name     VARCHAR(100),
    last_name      VARCHAR(100),
    city           VARCHAR(100),
    plan           VARCHAR(20),
    lifetime_value DECIMAL(10, 2),
    signed_up_at   TIMESTAMP
);

CREATE TABLE app_events (
    id          VARCHAR(40) PRIMARY KEY,
    customer_id INT NOT NULL,
    event_name  VARCHAR(100) NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    screen      VARCHAR(100)
);

-- purchases: items is a JSON array of Iterable commerce items (id, name, price, quantity, ...)
CREATE TABLE orders (
    order_id    VARCHAR(40) PRIMARY KEY,
    customer_id INT NOT NULL,
    items       VARCHAR(4000) NOT NULL,
    total       DECIMAL(10, 2) NOT NULL,
    ordered_at  TIMESTAMP NOT NULL
);

CREATE TABLE carts (
    cart_id     VARCHAR(40) PRIMARY KEY,
    customer_id INT NOT NULL,
    items       VARCHAR(4000) NOT NULL
);

CREATE TABLE products (
    sku      VARCHAR(40) PRIMARY KEY,
    title    VARCHAR(200) NOT NULL,
    category VARCHAR(100),
    price    DECIMAL(10, 2) NOT NULL,
    in_stock BOOLEAN NOT NULL
);

CREATE TABLE segment_members (
    segment     VARCHAR(100) NOT NULL,
    customer_id INT NOT NULL,
    PRIMARY KEY (segment, customer_id)
);

CREATE TABLE email_changes (
    old_email    VARCHAR(200) PRIMARY KEY,
    new_email    VARCHAR(200) NOT NULL
);

CREATE TABLE deletion_requests (
    email        VARCHAR(200) PRIMARY KEY,
    requested_at TIMESTAMP NOT NULL
);
