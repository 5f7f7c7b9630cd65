"""One widget per module; each takes plain data and sends messages up."""
