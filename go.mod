module github.com/steadyhq/steady

go 1.26
