package org.rtmpcluster.k8s;

/** A manifest or kustomization that cannot be read or rendered: the message says which file and what. */
final class ManifestException extends RuntimeException {
    ManifestException(String message) {
        super(message);
    }

    ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
