// Required at load time by the open311 npm client; only its XML mode calls it.
exports.toJson = () => {
  throw new Error("xml2json is not installed: use the open311 client with format 'json'")
}
