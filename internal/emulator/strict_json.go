package emulator

import (
	"bytes"
	"cmp"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// decodeStrict decodes one JSON value into v, refusing fields v does not
// have and values of the wrong kind, with the path of the offending value
// ("apps[1].deliveries.pending"). encoding/json names neither the path of an
// unknown field nor array indexes, and a state file is written by hand.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return fmt.Errorf("not valid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("not valid JSON: more than one value")
	}
	if err := checkJSON(reflect.TypeOf(v).Elem(), generic, ""); err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// checkJSON checks that the decoded JSON value v fits type t. Null fits
// anything: encoding/json leaves the field as it was.
func checkJSON(t reflect.Type, v any, path string) error {
	if v == nil {
		return nil
	}
	wrong := func(want string) error {
		return fmt.Errorf("%s: want %s, got %s", cmpPath(path), want, jsonKind(v))
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		str, ok := v.(string)
		if !ok {
			return wrong("a string")
		}
		if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(str)); err != nil { //nolint:forcetypeassert // checked by Implements
			return fmt.Errorf("%s: %w", cmpPath(path), err)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return checkJSON(t.Elem(), v, path)
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return wrong("an object")
		}
		fields := jsonFields(t)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			ft, ok := fields[k]
			if !ok {
				return fmt.Errorf("%s: unknown field; the known ones are %s", joinPath(path, k), strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
			}
			if err := checkJSON(ft, m[k], joinPath(path, k)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		s, ok := v.([]any)
		if !ok {
			return wrong("an array")
		}
		for i, e := range s {
			if err := checkJSON(t.Elem(), e, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		if _, ok := v.(string); !ok {
			return wrong("a string")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return wrong("true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); !ok || err != nil {
			return wrong("a whole number")
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := v.(json.Number)
		if _, err := strconv.ParseUint(string(n), 10, t.Bits()); !ok || err != nil {
			return wrong("a whole number, 0 or more")
		}
	case reflect.Float32, reflect.Float64:
		if _, ok := v.(json.Number); !ok {
			return wrong("a number")
		}
	}
	return nil
}

// jsonFields maps the JSON names of t's fields, embedded structs' included,
// to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, ft := range jsonFields(f.Type) {
				out[k] = ft
			}
			continue
		}
		out[cmp.Or(name, f.Name)] = f.Type
	}
	return out
}

func jsonKind(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return strconv.Quote(v)
	default:
		return fmt.Sprint(v)
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func cmpPath(path string) string { return cmp.Or(path, "the file") }
