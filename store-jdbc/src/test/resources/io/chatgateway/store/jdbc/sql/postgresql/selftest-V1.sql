-- test-only component: proves the migrator applies versions in order
CREATE TABLE chatgw_selftest (id INT PRIMARY KEY, note VARCHAR(40));
