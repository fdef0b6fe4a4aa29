package dev.sponge.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the
 * openssl CLI for one test run, and a client {@link SSLContext} that trusts it and
 * nothing else.
 *
 * @param certificate PEM certificate file
 * @param privateKey PEM private key file
 */
record ThrowawayCertificate(Path certificate, Path privateKey) {

	static ThrowawayCertificate create(Path directory) {
		Path certificate = directory.resolve("tls.crt");
		Path privateKey = directory.resolve("tls.key");
		try {
			Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
					"ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext",
					"subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", privateKey.toString(), "-out",
					certificate.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(openssl.getInputStream().readAllBytes());
			if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
				throw new IllegalStateException("openssl could not make a certificate: " + output);
			}
			return new ThrowawayCertificate(certificate, privateKey);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A TLS client context that trusts this certificate only. */
	SSLContext clientContext() {
		try (InputStream pem = Files.newInputStream(this.certificate)) {
			Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(pem);
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			trust.setCertificateEntry("edge", cert);
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trustManagers.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
