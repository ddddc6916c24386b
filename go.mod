module github.com/zeropark/zeropark

go 1.26.8

require (
	github.com/bartolsthoorn/gohighs v0.1.1 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)
