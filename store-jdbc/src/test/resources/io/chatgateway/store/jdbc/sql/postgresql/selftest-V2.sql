ALTER TABLE chatgw_selftest ADD COLUMN extra INT;
INSERT INTO chatgw_selftest (id, note, extra) VALUES (1, 'v2;semicolon inside', 2);
