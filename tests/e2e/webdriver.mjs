// A minimal W3C WebDriver client over the global `fetch` (Node >= 20), with no
// dependencies. Just what Quire's end-to-end tests need to drive the real app
// through WebKitWebDriver.
//
// Every command has a timeout. Connection failures (driver not accepting yet,
// connection dropped) are retried a few times; a command that may have reached
// the driver is only re-sent when it is safe to repeat (see `idempotent`).

/** The key under which W3C WebDriver returns element references. */
export const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** Special keys, as WebDriver code points. */
export const Keys = Object.freeze({
  ENTER: '\uE007',
  BACKSPACE: '\uE003',
  TAB: '\uE004',
  ESCAPE: '\uE00C',
  CONTROL: '\uE009',
  SHIFT: '\uE008',
  END: '\uE010',
  HOME: '\uE011',
});

/** An error answered by the driver, or a failure to reach it. */
export class WebDriverError extends Error {
  /**
   * @param {string} command e.g. "POST /session/…/element"
   * @param {object} info {status, error, message, stacktrace, cause}
   */
  constructor(command, { status, error, message, stacktrace, cause } = {}) {
    const what = error ? `${error}: ${message ?? ''}` : message ?? 'unknown error';
    super(`WebDriver ${command} failed${status ? ` (HTTP ${status})` : ''}: ${what}`, cause ? { cause } : undefined);
    this.name = 'WebDriverError';
    this.command = command;
    this.status = status;
    this.error = error; // W3C error code, e.g. "no such element"
    this.driverMessage = message;
    this.stacktrace = stacktrace;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** True for errors where the request surely never reached the driver. */
function isConnectRefused(err) {
  const code = err?.cause?.code ?? err?.code;
  return code === 'ECONNREFUSED';
}

/** True for errors where the connection broke (request may or may not have been handled). */
function isDroppedConnection(err) {
  const code = err?.cause?.code ?? err?.code;
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'UND_ERR_CLOSED' ||
    (err instanceof TypeError && /fetch failed|terminated|other side closed/i.test(err.message))
  );
}

function describeTarget(selector) {
  return typeof selector === 'string' ? `css "${selector}"` : String(selector);
}

/** A thin HTTP layer: one instance per WebDriver server. */
export class WebDriverClient {
  /**
   * @param {string} baseUrl e.g. "http://127.0.0.1:4444"
   * @param {{commandTimeoutMs?: number, retries?: number, log?: (msg: string) => void}} [opts]
   */
  constructor(baseUrl, { commandTimeoutMs = 30_000, retries = 3, log = () => {} } = {}) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.commandTimeoutMs = commandTimeoutMs;
    this.retries = retries;
    this.log = log;
  }

  /**
   * Send one command. Resolves with the `value` of the answer.
   * @param {'GET'|'POST'|'DELETE'} method
   * @param {string} path
   * @param {object} [body]
   * @param {{timeoutMs?: number, idempotent?: boolean, retries?: number}} [opts]
   *   idempotent: safe to re-send after a dropped connection (default: GET/DELETE)
   *   retries: how often to retry a failed connection (default: the client's)
   */
  async command(method, path, body, { timeoutMs = this.commandTimeoutMs, idempotent, retries = this.retries } = {}) {
    idempotent ??= method === 'GET' || method === 'DELETE';
    const label = `${method} ${path}`;
    let lastErr;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(200 * attempt);
      let res;
      try {
        res = await fetch(this.baseUrl + path, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        lastErr = err;
        if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
          throw new WebDriverError(label, { message: `no answer within ${timeoutMs} ms`, cause: err });
        }
        const retriable = isConnectRefused(err) || (idempotent && isDroppedConnection(err));
        if (retriable && attempt < retries) {
          this.log(`webdriver: ${label}: ${err.cause?.code ?? err.message}; retrying (${attempt + 1}/${retries})`);
          continue;
        }
        throw new WebDriverError(label, {
          message: `cannot reach the driver at ${this.baseUrl}: ${err.cause?.code ?? ''} ${err.cause?.message ?? err.message}`.trim(),
          cause: err,
        });
      }
      let text;
      try {
        text = await res.text();
      } catch (err) {
        lastErr = err;
        if (idempotent && attempt < retries) continue;
        throw new WebDriverError(label, { status: res.status, message: `answer cut off: ${err.message}`, cause: err });
      }
      let json;
      try {
        json = text ? JSON.parse(text) : {};
      } catch {
        throw new WebDriverError(label, { status: res.status, message: `answer is not JSON: ${text.slice(0, 300)}` });
      }
      const value = json?.value;
      if (!res.ok || (value && typeof value === 'object' && typeof value.error === 'string')) {
        throw new WebDriverError(label, {
          status: res.status,
          error: value?.error,
          message: value?.message ?? text.slice(0, 300),
          stacktrace: value?.stacktrace,
        });
      }
      return value;
    }
    throw new WebDriverError(label, { message: `gave up after ${retries + 1} attempts`, cause: lastErr });
  }

  /** GET /status → {ready, message} */
  status({ timeoutMs = 2_000, retries = 0 } = {}) {
    return this.command('GET', '/status', undefined, { timeoutMs, retries });
  }

  /**
   * Create a session.
   * @param {object} capabilities the `capabilities` object, e.g. {alwaysMatch: {...}}
   */
  async newSession(capabilities, { timeoutMs = 60_000 } = {}) {
    // Not idempotent: a re-sent request could start a second app.
    const value = await this.command('POST', '/session', { capabilities }, { timeoutMs, idempotent: false });
    if (!value?.sessionId) {
      throw new WebDriverError('POST /session', { message: `no sessionId in answer: ${JSON.stringify(value)}` });
    }
    return new Session(this, value.sessionId, value.capabilities);
  }
}

/** An element reference, bound to its session. */
export class Element {
  constructor(session, id, description) {
    this.session = session;
    this.id = id;
    this.description = description;
  }

  /** Serialise as a WebDriver element reference (for script arguments). */
  toJSON() {
    return { [ELEMENT_KEY]: this.id };
  }

  #path(suffix) {
    return `/element/${encodeURIComponent(this.id)}${suffix}`;
  }

  find(css) {
    return this.session.findElement(css, this);
  }
  findAll(css) {
    return this.session.findElements(css, this);
  }
  click() {
    return this.session.cmd('POST', this.#path('/click'), {}, { idempotent: false });
  }
  clear() {
    return this.session.cmd('POST', this.#path('/clear'), {}, { idempotent: true });
  }
  /** Type text; "\n" is sent as the Enter key. */
  sendKeys(text) {
    const keys = String(text).replace(/\r?\n/g, Keys.ENTER);
    return this.session.cmd('POST', this.#path('/value'), { text: keys }, { idempotent: false });
  }
  text() {
    return this.session.cmd('GET', this.#path('/text'));
  }
  property(name) {
    return this.session.cmd('GET', this.#path(`/property/${encodeURIComponent(name)}`));
  }
  attribute(name) {
    return this.session.cmd('GET', this.#path(`/attribute/${encodeURIComponent(name)}`));
  }
  displayed() {
    return this.session.cmd('GET', this.#path('/displayed'));
  }
  enabled() {
    return this.session.cmd('GET', this.#path('/enabled'));
  }
  toString() {
    return `element ${this.description ?? this.id}`;
  }
}

/** A WebDriver session. */
export class Session {
  constructor(client, id, capabilities) {
    this.client = client;
    this.id = id;
    this.capabilities = capabilities;
    this.deleted = false;
  }

  cmd(method, suffix, body, opts) {
    return this.client.command(method, `/session/${encodeURIComponent(this.id)}${suffix}`, body, opts);
  }

  /** End the session. With Tauri this also quits the app. */
  async delete({ timeoutMs = 20_000 } = {}) {
    if (this.deleted) return;
    this.deleted = true;
    await this.client.command('DELETE', `/session/${encodeURIComponent(this.id)}`, undefined, { timeoutMs });
  }

  #wrap(value, description) {
    const id = value?.[ELEMENT_KEY];
    if (!id) throw new WebDriverError('find element', { message: `answer has no element reference: ${JSON.stringify(value)}` });
    return new Element(this, id, description);
  }

  /** Find one element by CSS selector (throws WebDriverError "no such element"). */
  async findElement(css, from) {
    const base = from ? `/element/${encodeURIComponent(from.id)}` : '';
    const value = await this.cmd('POST', `${base}/element`, { using: 'css selector', value: css }, { idempotent: true });
    return this.#wrap(value, describeTarget(css));
  }

  /** Find all elements matching a CSS selector (possibly none). */
  async findElements(css, from) {
    const base = from ? `/element/${encodeURIComponent(from.id)}` : '';
    const values = await this.cmd('POST', `${base}/elements`, { using: 'css selector', value: css }, { idempotent: true });
    return values.map((v, i) => this.#wrap(v, `${describeTarget(css)}[${i}]`));
  }

  /** Find one element, or null when there is none. */
  async tryFindElement(css, from) {
    try {
      return await this.findElement(css, from);
    } catch (err) {
      if (err instanceof WebDriverError && err.error === 'no such element') return null;
      throw err;
    }
  }

  /**
   * Run a synchronous script in the page. Element arguments are passed through.
   * @param {string|Function} script body of a function, or a function (its source is used)
   * @param {any[]} [args]
   * @param {{idempotent?: boolean, timeoutMs?: number}} [opts]
   */
  execute(script, args = [], { idempotent = false, timeoutMs } = {}) {
    const body = typeof script === 'function' ? `return (${script.toString()}).apply(null, arguments);` : script;
    return this.cmd('POST', '/execute/sync', { script: body, args }, { idempotent, timeoutMs });
  }

  /** Run an async script: the script gets a callback as its last argument. */
  executeAsync(script, args = [], { timeoutMs } = {}) {
    return this.cmd('POST', '/execute/async', { script, args }, { timeoutMs, idempotent: false });
  }

  title() {
    return this.cmd('GET', '/title');
  }
  url() {
    return this.cmd('GET', '/url');
  }
  windowHandle() {
    return this.cmd('GET', '/window');
  }
  windowHandles() {
    return this.cmd('GET', '/window/handles');
  }
  switchToWindow(handle) {
    return this.cmd('POST', '/window', { handle }, { idempotent: true });
  }
  /** Close the current window (WebDriver "Close Window"). Resolves with the remaining handles. */
  closeWindow({ timeoutMs = 10_000 } = {}) {
    return this.cmd('DELETE', '/window', undefined, { timeoutMs, idempotent: false });
  }
  setTimeouts(timeouts) {
    return this.cmd('POST', '/timeouts', timeouts, { idempotent: true });
  }
  /** Screenshot of the current window as a PNG Buffer. */
  async screenshot({ timeoutMs = 15_000 } = {}) {
    const b64 = await this.cmd('GET', '/screenshot', undefined, { timeoutMs });
    return Buffer.from(b64, 'base64');
  }
}
