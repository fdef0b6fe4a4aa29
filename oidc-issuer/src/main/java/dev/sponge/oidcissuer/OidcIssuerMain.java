package dev.sponge.oidcissuer;

import java.lang.System.Logger.Level;

/**
 * Local mode: runs the OIDC issuer in the foreground until Ctrl-C and logs how to get a
 * token.
 *
 * <p>
 * Port: last argument ({@code 8090} or {@code --port=8090}) or system property
 * {@code port}; default 8090. Run from the repository root with
 * {@code ./mvnw -q -pl oidc-issuer -am install -DskipTests} once, then
 * {@code ./mvnw -q -pl oidc-issuer exec:java -Dexec.mainClass=dev.sponge.oidcissuer.OidcIssuerMain}.
 */
public final class OidcIssuerMain {

	/** Port used when none is given. */
	public static final int DEFAULT_PORT = 8090;

	private static final System.Logger LOG = System.getLogger(OidcIssuerMain.class.getName());

	private OidcIssuerMain() {
	}

	/**
	 * @param args optional port, see the class documentation
	 * @throws InterruptedException if interrupted while the issuer runs
	 */
	public static void main(String[] args) throws InterruptedException {
		String port = args.length == 0 ? System.getProperty("port", String.valueOf(DEFAULT_PORT))
				: args[args.length - 1].replace("--port=", "");
		OidcIssuer issuer = OidcIssuer.start(Integer.parseInt(port));
		Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "oidc-issuer-main-close"));
		String issuerUri = issuer.issuerUri(OidcIssuer.DEFAULT_ISSUER_ID);
		LOG.log(Level.INFO,
				String.join(System.lineSeparator(), "OIDC issuer ready (Ctrl-C to stop)", "  issuer-uri: " + issuerUri,
						"  jwks-uri:   " + issuer.jwksUri(OidcIssuer.DEFAULT_ISSUER_ID),
						"  profiles:   " + String.join(", ", IssuerConfig.PROFILES.keySet()),
						"  get a token (tenant demo, groups sponge-writer + sponge-reader, sub = client_id):",
						"  curl -s " + issuer.tokenUri(OidcIssuer.DEFAULT_ISSUER_ID)
								+ " -d grant_type=client_credentials -d client_id=alice -d client_secret=x"
								+ " -d profile=demo-writer | jq -r .access_token"));
		int exitCode = issuer.awaitExit();
		LOG.log(Level.INFO, "OIDC issuer exited with code {0}", String.valueOf(exitCode));
	}

}
