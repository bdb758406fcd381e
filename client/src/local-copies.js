/** The copies kept in sessionStorage: one for unclean disconnects, one across a refresh. */
export class LocalCopies {
  constructor(settings) {
    this.settings = settings;
  }

  key(kind) {
    return this.settings.storagePrefix + kind + ":" + location.pathname;
  }

  write(kind, value) {
    try {
      sessionStorage.setItem(this.key(kind), JSON.stringify(value));
    } catch (e) {
      // Storage full or disabled (private mode): the server-side hand-off still works.
    }
  }

  read(kind) {
    try {
      const raw = sessionStorage.getItem(this.key(kind));
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  take(kind) {
    const value = this.read(kind);
    try {
      sessionStorage.removeItem(this.key(kind));
    } catch (e) {
      // nothing to remove
    }
    return value;
  }
}
