package dev.bridle.export;

/** A bundle that cannot be written, read or trusted; the message is one line that names the bundle and the fault. */
public final class BundleException extends Exception {

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
