package model

// KeyPosition is where the key at path (a JSON path of a section, as
// [FieldError.Path]: "economics.wind.unit_kw") is in the file p was read
// from by [ReadParkJSON]: the file, and the 1-based line and byte column
// of the key (or, for a key the file leaves out, of the nearest enclosing
// key it has). All are empty for a park built in Go or a copy of one
// read, and for a path that starts with a list's element. Checks made
// outside this package (plan's whole units) place their problems with it
// as [Park.Validate] places its own.
func (p *Park) KeyPosition(path string) (file string, line, col int) {
	// An asset named "" is none a file has: a path into a list is not placed.
	return p.AssetKeyPosition(path, "")
}

// AssetKeyPosition is [Park.KeyPosition] for a path into an asset list
// ("pv[0].weather.longitude_deg"): name is the asset's name, and the
// position is empty when the file has no element there or one of another
// name (the park was changed after it was read). Checks made outside this
// package on an asset's keys (package physics's derivation from weather)
// place their problems with it.
func (p *Park) AssetKeyPosition(path, name string) (file string, line, col int) {
	src := sourceOf(p)
	if src == nil {
		return "", 0, 0
	}
	off, ok := src.locate(path, name)
	if !ok {
		return "", 0, 0
	}
	line, col = lineCol(src.data, off)
	return src.file, line, col
}
