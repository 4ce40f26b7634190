package org.tracemark.api.secrets;

/** No usable passphrase: the message names the key, the variable and the file to check. */
public final class PassphraseException extends Exception {

  private static final long serialVersionUID = 1L;

  public PassphraseException(String message) {
    super(message);
  }

  public PassphraseException(String message, Throwable cause) {
    super(message, cause);
  }
}
