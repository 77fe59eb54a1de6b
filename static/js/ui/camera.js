// The scanner's engine: the rear camera into a <video>, frames handed to a QR decoder until
// one holds a code. The browser's BarcodeDetector where it reads QR codes; elsewhere the
// vendored jsQR in a worker (scan-worker.js), started only when the scanner opens.

const MAX_WIDTH = 640;  // frames are scaled down to this: enough for a badge at arm's length
export const DECODER_URL = '/static/vendor/jsqr-1.4.0.js';
const WORKER_URL = '/static/js/ui/scan-worker.js';

/** A problem a person can act on: no camera, no permission, no decoder. */
export class CameraError extends Error {}

const MESSAGES = {
  NotAllowedError: 'Camera access was refused. Allow the camera for this site in the ' +
    'browser’s settings, or add the contact by hand.',
  SecurityError: 'Camera access was refused. Allow the camera for this site in the ' +
    'browser’s settings, or add the contact by hand.',
  NotFoundError: 'No camera was found on this device. Add the contact by hand.',
  OverconstrainedError: 'No camera was found on this device. Add the contact by hand.',
  NotReadableError: 'The camera is busy in another app. Close it and try again.',
  AbortError: 'The camera could not start. Try again.',
};

async function openCamera() {
  if (!window.isSecureContext) {
    throw new CameraError('The camera only works over a secure (https) connection.');
  }
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CameraError('This browser cannot use the camera. Add the contact by hand.');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false, video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } },
    });
  } catch (error) {
    throw new CameraError(MESSAGES[error.name] || `The camera could not start: ${error.message}`);
  }
}

async function nativeDecoder() {
  if (!('BarcodeDetector' in self)) return null;
  try {
    const formats = await self.BarcodeDetector.getSupportedFormats();
    if (!formats.includes('qr_code')) return null;
    const detector = new self.BarcodeDetector({ formats: ['qr_code'] });
    return {
      // A frame the detector cannot take (the video not ready yet) is a frame without a code.
      decode: (video) => detector.detect(video)
        .then((codes) => codes[0]?.rawValue ?? null, () => null),
      close() {},
    };
  } catch {
    return null;
  }
}

function workerDecoder() {
  const worker = new Worker(WORKER_URL);
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let pending = null;  // one frame at a time: {resolve, reject}
  let failed = null;  // the worker died (no decoder offline): every frame fails at once
  const settle = (text) => { pending?.resolve(text); pending = null; };
  worker.onmessage = (event) => settle(event.data.text);
  worker.onerror = (event) => {
    event.preventDefault();
    failed = new CameraError('The QR decoder could not load. Open the scanner once with a ' +
      'connection to keep it for offline use, or add the contact by hand.');
    pending?.reject(failed);
    pending = null;
  };
  return {
    decode(video) {
      if (failed) return Promise.reject(failed);
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage({ data, width, height }, [data.buffer]);
      });
    },
    close() {
      worker.terminate();
      settle(null);
    },
  };
}

// The next new video frame (or screen refresh, where the browser cannot tell frames apart).
const nextFrame = (video) => new Promise((resolve) => {
  if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(() => resolve());
  else requestAnimationFrame(() => resolve());
});

/**
 * Show the rear camera in `video` and decode frames until one holds a QR code: resolves with
 * its text, or null once `stop()` was called. Throws CameraError with a sentence for a person.
 * Returns {result: Promise, stop()}; `stop` releases the camera and the decoder.
 */
export function scanWithCamera(video) {
  let stopped = false;
  let stream = null;
  let decoder = null;
  let wake = () => {};  // ends a wait for the next frame, which a stopped video never brings
  const stop = () => {
    stopped = true;
    for (const track of stream?.getTracks() || []) track.stop();
    video.srcObject = null;
    decoder?.close();
    wake();
  };
  const frame = () => Promise.race([
    nextFrame(video), new Promise((resolve) => { wake = resolve; })]);
  const result = (async () => {
    try {
      stream = await openCamera();
      if (stopped) return null;
      decoder = (await nativeDecoder()) || workerDecoder();
      video.srcObject = stream;
      await video.play();
      while (!stopped) {
        await frame();
        if (stopped || !video.videoWidth) continue;
        const text = await decoder.decode(video);
        if (text !== null && !stopped) return text;
      }
      return null;
    } catch (error) {
      if (stopped) return null;  // play() and decoding give up when the camera is released
      throw error;
    } finally {
      stop();
    }
  })();
  return { result, stop };
}

/**
 * Fetch the decoder and its worker script once a service worker controls the page and the app
 * is idle, so the worker keeps them for a scanner opened offline (neither is in the precached
 * shell: companion/shell/precache.py). Nothing is fetched that is kept already; resolves once
 * both are kept.
 */
export async function warmDecoder() {
  if (!('serviceWorker' in navigator) || !('caches' in self)) return;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) => navigator.serviceWorker.addEventListener(
      'controllerchange', resolve, { once: true }));
  }
  const missing = [];
  for (const url of [DECODER_URL, WORKER_URL]) if (!(await caches.match(url))) missing.push(url);
  if (!missing.length) return;
  const idle = self.requestIdleCallback || ((callback) => setTimeout(callback, 2000));
  await new Promise((resolve) => idle(resolve));
  await Promise.all(missing.map((url) => fetch(url).catch(() => {})));
}
