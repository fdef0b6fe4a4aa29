package dev.sponge.oidcissuer;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import okhttp3.Headers;

/**
 * The sign-in page of the authorization endpoint ({@code GET /ID/authorize}) for browser
 * clients such as the dashboard: the user types a name and picks one of the ready-made
 * profiles ({@link IssuerConfig#PROFILES}), whose tenant, groups and scopes become claims
 * of the tokens the client then gets with its code. The form posts to the same URL, the
 * authorization request still in its query, where mock-oauth2-server's own login handler
 * issues the code, keeps the PKCE challenge and checks the verifier at the token
 * endpoint.
 */
final class LoginPage {

	private LoginPage() {
	}

	static OAuth2HttpResponse render(OAuth2HttpRequest request) {
		String clientId = request.getUrl().queryParameter("client_id");
		StringBuilder options = new StringBuilder();
		IssuerConfig.PROFILES.forEach((name, profile) -> options.append("<option value=\"")
			.append(escape(claims(profile)))
			.append("\">")
			.append(escape(name + ": " + describe(profile)))
			.append("</option>\n"));
		String html = """
				<!doctype html>
				<html lang="en"><head><meta charset="utf-8"><title>Sign in: Sponge local issuer</title>
				<meta name="viewport" content="width=device-width, initial-scale=1"></head>
				<body>
				<h1>Sign in to the local issuer</h1>
				<p>Client <code>%s</code> asks for a token. Local mode only: anyone may be anyone here.</p>
				<form method="post">
				<p><label>User name <input id="username" name="username" required value="alice" autofocus></label></p>
				<p><label>Profile <select id="profile" name="claims">
				%s</select></label></p>
				<p><button id="sign-in" type="submit">Sign in</button></p>
				</form>
				</body></html>
				""".formatted(escape(String.valueOf(clientId)), options);
		return new OAuth2HttpResponse(Headers.of("Content-Type", "text/html; charset=utf-8"), 200, html, null);
	}

	/**
	 * The claims a profile adds to the tokens, as mock-oauth2-server's login form takes
	 * them.
	 */
	static String claims(TokenRequest profile) {
		Map<String, Object> claims = new LinkedHashMap<>();
		if (profile.tenant() != null) {
			claims.put("tenant", profile.tenant());
		}
		if (profile.groups() != null) {
			claims.put("groups", profile.groups());
		}
		if (profile.scopes() != null) {
			claims.put("scope", String.join(" ", profile.scopes()));
		}
		return JSONObjectUtils.toJSONString(claims);
	}

	private static String describe(TokenRequest profile) {
		List<String> parts = new ArrayList<>();
		parts.add((profile.tenant() != null) ? "tenant " + profile.tenant() : "no tenant");
		if (profile.groups() != null) {
			parts.add("groups " + String.join(", ", profile.groups()));
		}
		if (profile.scopes() != null) {
			parts.add("scopes " + String.join(" ", profile.scopes()));
		}
		return String.join("; ", parts);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;")
			.replace("<", "&lt;")
			.replace(">", "&gt;")
			.replace("\"", "&quot;")
			.replace("'", "&#39;");
	}

}
