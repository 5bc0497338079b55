"""HTTP edges: parse input, call one service, render or serialize."""
