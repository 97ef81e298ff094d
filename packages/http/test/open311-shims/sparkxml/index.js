// The open311 npm client requires this git-only package at load time. The tests use the
// client's JSON format; its XML mode is not available with this stand-in.
exports.parseXml = () => {
  throw new Error("sparkxml is not installed: use the open311 client with format 'json'")
}
