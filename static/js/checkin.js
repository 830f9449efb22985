// The door's check-in page, offline-capable: keeps the meeting's manifest
// (SHA-256 of each check-in code, name, represents, category, attendance) and a
// queue of scans in IndexedDB, and sends the queue to the server in batches
// when online (session cookie + X-CSRFToken). Camera scanning uses the
// browser's BarcodeDetector where it reads QR codes, else the vendored jsQR;
// without a camera the name search works.
// Without this script the page still searches and checks in (server side).
(function () {
  "use strict";

  var root = document.querySelector("[data-checkin]");
  if (!root) { return; }
  var slug = root.dataset.slug;
  var csrf = root.dataset.csrf;
  var api = "/api/v1/meetings/" + encodeURIComponent(slug);
  var status = root.querySelector("[data-checkin-status]");
  var who = root.querySelector("[data-checkin-who]");
  var pending = root.querySelector("[data-checkin-pending]");
  var dbPromise = null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open("eventsys-checkin-" + slug, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore("manifest");
          request.result.createObjectStore("queue", { keyPath: "nonce" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function store(name, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var result = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function forget() {
    // Sign-out, a 401/403, or the meeting is over: nothing personal stays here.
    localStorage.removeItem("eventsys-checkin-device-" + slug);
    return store("manifest", "readwrite", function (s) { s.clear(); });
  }

  function say(text) { if (status) { status.textContent = text; } }

  function request(method, url, body) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["X-CSRFToken"] = csrf;
    }
    return fetch(url, {
      method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        return forget().then(function () { throw new Error("signed out"); });
      }
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function device() {
    var key = "eventsys-checkin-device-" + slug;
    var known = localStorage.getItem(key);
    if (known) { return Promise.resolve(known); }
    return request("POST", api + "/checkin-devices", { label: root.dataset.deviceLabel || "" })
      .then(function (answer) { localStorage.setItem(key, answer.device); return answer.device; });
  }

  function loadManifest() {
    return request("GET", api + "/checkin-manifest").then(function (manifest) {
      var today = new Date().toISOString().slice(0, 10);
      if (manifest.last_day < today) { return forget(); }
      var byCode = {};
      manifest.items.forEach(function (item) { byCode[item.code_sha256] = item; });
      return store("manifest", "readwrite", function (s) { s.put(byCode, "people"); });
    }).then(function () { root.dataset.manifest = "loaded"; });
  }

  function sha256(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buf) {
      return Array.prototype.map.call(new Uint8Array(buf), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    });
  }

  function nonce() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function show(person) {
    if (!who) { return; }
    who.hidden = false;
    who.textContent = person
      ? [person.name, person.category, person.represents].filter(Boolean).join(" · ")
      : root.dataset.unknown;
  }

  function scanned(code) {
    return Promise.all([sha256(code), store("manifest", "readonly", function (s) { return s.get("people"); }), device()])
      .then(function (parts) {
        var people = parts[1] || {};
        show(people[parts[0]]);
        var scan = { nonce: nonce(), code: code, at: new Date().toISOString(), device: parts[2] };
        return store("queue", "readwrite", function (s) { s.put(scan); });
      })
      .then(count).then(sync);
  }

  function count() {
    return store("queue", "readonly", function (s) { return s.count(); }).then(function (n) {
      if (pending) { pending.textContent = String(n); }
      return n;
    });
  }

  var syncing = false;
  function sync() {
    if (syncing || !navigator.onLine) { return Promise.resolve(); }
    syncing = true;
    return store("queue", "readonly", function (s) { return s.getAll(); })
      .then(function (scans) {
        if (!scans || !scans.length) { return null; }
        var batch = scans.slice(0, 200);
        return request("POST", api + "/checkins", batch).then(function (answer) {
          answer.results.forEach(function (result) {
            if (result.message) { say(result.name ? result.name + ": " + result.message : result.message); }
          });
          return store("queue", "readwrite", function (s) {
            batch.forEach(function (scan) { s.delete(scan.nonce); });
          });
        });
      })
      .catch(function () { /* offline or signed out: the queue waits */ })
      .then(function () { syncing = false; return count(); });
  }

  // A function video -> Promise of the QR code's text ("" when none is seen):
  // the browser's BarcodeDetector where it reads QR codes, else jsQR (vendored
  // in static/vendor/jsqr, loaded on first use: never from a CDN).
  function decoder() {
    var native = "BarcodeDetector" in window && window.BarcodeDetector.getSupportedFormats
      ? window.BarcodeDetector.getSupportedFormats() : Promise.resolve([]);
    return native.then(function (formats) {
      if (formats.indexOf("qr_code") >= 0) {
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        root.dataset.reader = "barcode-detector";
        return function (video) {
          return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : ""; });
        };
      }
      return loadScript(root.dataset.decoder).then(function () {
        root.dataset.reader = "jsqr";
        var canvas = document.createElement("canvas");
        var context = canvas.getContext("2d", { willReadFrequently: true });
        return function (video) {
          var width = video.videoWidth, height = video.videoHeight;
          if (!width || !height) { return Promise.resolve(""); }
          canvas.width = width;
          canvas.height = height;
          context.drawImage(video, 0, 0, width, height);
          var found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height,
            { inversionAttempts: "dontInvert" });
          return Promise.resolve(found ? found.data : "");
        };
      });
    });
  }

  function loadScript(src) {
    if (window.jsQR) { return Promise.resolve(); }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function camera() {
    var button = root.querySelector("[data-checkin-camera]");
    var video = root.querySelector("[data-checkin-video]");
    if (!button || !video || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      var last = "";
      Promise.all([
        decoder(),
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      ]).then(function (parts) {
        var read = parts[0];
        video.hidden = false;
        video.srcObject = parts[1];
        video.play();
        var busy = false;
        window.setInterval(function () {
          if (busy) { return; }
          busy = true;
          read(video).then(function (code) {
            // The same badge held in front of the camera is one scan, not ten.
            if (code && code !== last) {
              last = code;
              scanned(code);
              window.setTimeout(function () { if (last === code) { last = ""; } }, 3000);
            }
          }).catch(function () {}).then(function () { busy = false; });
        }, 250);
      }).catch(function () {
        button.disabled = false;
        say(root.dataset.noCamera || "");
      });
    });
  }

  document.querySelectorAll("form[action$='/logout']").forEach(function (form) {
    form.addEventListener("submit", function () { forget(); });
  });
  window.addEventListener("online", sync);
  camera();
  device().then(loadManifest).catch(function () {}).then(count).then(sync);
  window.setInterval(sync, 30000);
}());
