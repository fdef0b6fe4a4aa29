package dev.sponge.deploy;

/** An object the Kubernetes API server (or the operator owning its CRD) would refuse. */
class InvalidManifestException extends RuntimeException {

	InvalidManifestException(String message) {
		super(message);
	}

	InvalidManifestException(String message, Throwable cause) {
		super(message, cause);
	}

}
