// Package schematest compiles and applies JSON Schemas in tests, with a
// validator written apart from zeropark: github.com/santhosh-tekuri/jsonschema/v6
// (Apache-2.0; pure Go, so CGO_ENABLED=0 builds keep working; drafts 4 to
// 2020-12, passing the JSON-Schema-Test-Suite's required tests). The park
// file's schema (model) and the output files' (results/schemas) are
// checked with it; nothing outside tests imports this package.
package schematest

import (
	"bytes"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// Compile compiles the schema (a JSON document) named name, checking it
// against its draft's metaschema; a schema that does not compile fails t.
func Compile(t testing.TB, name string, schema []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	require.NoError(t, err, "%s is not JSON", name)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(name, doc))
	s, err := c.Compile(name)
	require.NoError(t, err, "%s must compile", name)
	return s
}

// Validate is s's verdict on the JSON document data (nil: it passes); data
// that is not JSON fails t.
func Validate(t testing.TB, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err, "not JSON")
	return s.Validate(v)
}
