// One way to fill a translated message: `{name}` (the client messages) or `%(name)s` (a
// message shared with the server's catalogue) is replaced by values[name]; a name missing
// from values is left as written, so a wrong key shows instead of printing "undefined".

export function format(message, values) {
  return message.replace(/\{(\w+)\}|%\((\w+)\)s/g, (whole, brace, percent) => {
    const key = brace ?? percent;
    return Object.hasOwn(values, key) ? String(values[key]) : whole;
  });
}
