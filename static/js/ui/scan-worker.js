// The QR decoder off the main thread, for browsers without BarcodeDetector. A classic worker:
// the vendored jsQR is a classic script, loaded here only when the scanner opens (the service
// worker keeps it for offline use once fetched). Message in: {data, width, height} (RGBA
// pixels); message out: {text} with the payload, or {text: null} when the frame holds none.

importScripts('/static/vendor/jsqr-1.4.0.js');

// jsQR gives a byte segment that is not valid UTF-8 as '' (it decodes with
// decodeURIComponent). Such codes exist (Latin-1 vCards from old phones): read those bytes as
// Latin-1, which every byte is, rather than lose them; the parser then refuses or accepts.
function payloadText(code) {
  return code.chunks.map((chunk) => {
    if (chunk.type === 'byte' && !chunk.text && chunk.bytes.length) {
      return String.fromCharCode(...chunk.bytes);
    }
    return chunk.text || '';
  }).join('');
}

self.onmessage = (event) => {
  const { data, width, height } = event.data;
  // 'dontInvert': light-on-dark codes are rare on badges and phone screens, and most frames
  // hold no code, where trying the inverted image too roughly triples the cost of a frame
  // (README: where the time goes).
  let code = null;
  try {
    code = self.jsQR(data, width, height, { inversionAttempts: 'dontInvert' });
  } catch (error) {
    // A frame the decoder chokes on is a frame without a code; an error event from this
    // worker must only ever mean that the decoder could not load.
    console.warn(error);
  }
  self.postMessage({ text: code ? payloadText(code) : null });
};
