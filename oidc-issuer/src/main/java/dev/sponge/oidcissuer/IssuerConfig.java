package dev.sponge.oidcissuer;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds mock-oauth2-server's JSON configuration and the token request parameters that go
 * with it.
 *
 * <p>
 * mock-oauth2-server picks the first "request mapping" whose form parameter matches and
 * copies its claims into the token, replacing {@code ${param}} in string values with form
 * parameters. Templates cannot add or drop claims or list elements, so there is one
 * mapping per claim <em>shape</em> (tenant present or not, number of groups, scope
 * present or not, audience present or not), selected by the {@value #SHAPE_PARAM}
 * parameter, and the values come from {@code sponge_*} parameters.
 */
final class IssuerConfig {

	static final String SHAPE_PARAM = "sponge_claims";
	static final String SUB_PARAM = "sponge_sub";
	static final String AUD_PARAM = "sponge_aud";
	static final String TENANT_PARAM = "sponge_tenant";
	static final String GROUP_PARAM_PREFIX = "sponge_group_";
	static final String PROFILE_PARAM = "profile";

	/**
	 * Ready-made claim sets for hand-written requests ({@code -d profile=NAME}); sub =
	 * client_id.
	 */
	static final Map<String, TokenRequest> PROFILES = profiles();

	private IssuerConfig() {
	}

	/**
	 * @return the JSON for {@code JSON_CONFIG_PATH}: our signing key and mappings for
	 * each issuer id
	 */
	static String json(RSAKey signingKey, List<String> issuerIds) {
		List<Object> mappings = new ArrayList<>();
		for (boolean tenant : new boolean[] { true, false }) {
			for (int groups = -1; groups <= TokenRequest.MAX_GROUPS; groups++) {
				for (boolean scope : new boolean[] { true, false }) {
					for (boolean audience : new boolean[] { true, false }) {
						mappings.add(shapeMapping(tenant, groups, scope, audience));
					}
				}
			}
		}
		PROFILES.forEach((name, profile) -> mappings.add(mapping(PROFILE_PARAM, name, claims(profile))));
		// A browser's sign-in through the login page (LoginPage), and the renewals of its
		// tokens: the subject is the name typed there, its profile's claims are added by
		// the
		// page's form.
		for (String grant : List.of("authorization_code", "refresh_token")) {
			mappings.add(mapping("grant_type", grant, Map.of("aud", List.of(TokenRequest.DEFAULT_AUDIENCE))));
		}
		// Anything else (e.g. a bare client_credentials curl): sub = client_id, default
		// audience.
		mappings.add(mapping("grant_type", "*",
				Map.of("sub", "${clientId}", "aud", List.of(TokenRequest.DEFAULT_AUDIENCE))));

		List<Object> callbacks = new ArrayList<>();
		for (String issuerId : issuerIds) {
			callbacks.add(Map.of("issuerId", issuerId, "tokenExpiry", 3600, "requestMappings", mappings));
		}
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("interactiveLogin", false);
		config.put("httpServer", "NettyWrapper");
		// initialKeys is one JWK as a JSON string; the server hands it to the first
		// issuer id asking for a key.
		config.put("tokenProvider",
				Map.of("keyProvider", Map.of("initialKeys", signingKey.toJSONString(), "algorithm", "RS256")));
		config.put("tokenCallbacks", callbacks);
		return JSONObjectUtils.toJSONString(config);
	}

	/**
	 * @return the token endpoint form parameters (besides grant and client) that produce
	 * {@code r}'s claims
	 */
	static Map<String, String> formParams(TokenRequest r) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put(SHAPE_PARAM, r.shape());
		params.put(SUB_PARAM, r.subject());
		if (!r.audience().isEmpty()) {
			params.put(AUD_PARAM, r.audience());
		}
		if (r.tenant() != null) {
			params.put(TENANT_PARAM, r.tenant());
		}
		if (r.groups() != null) {
			for (int i = 0; i < r.groups().size(); i++) {
				params.put(GROUP_PARAM_PREFIX + (i + 1), r.groups().get(i));
			}
		}
		if (r.scopes() != null) {
			params.put("scope", String.join(" ", r.scopes()));
		}
		return params;
	}

	private static Map<String, Object> shapeMapping(boolean tenant, int groups, boolean scope, boolean audience) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", "${" + SUB_PARAM + "}");
		if (audience) {
			claims.put("aud", List.of("${" + AUD_PARAM + "}"));
		}
		if (tenant) {
			claims.put("tenant", "${" + TENANT_PARAM + "}");
		}
		if (groups >= 0) {
			List<String> names = new ArrayList<>();
			for (int i = 1; i <= groups; i++) {
				names.add("${" + GROUP_PARAM_PREFIX + i + "}");
			}
			claims.put("groups", names);
		}
		if (scope) {
			claims.put("scope", "${scope}");
		}
		return mapping(SHAPE_PARAM, TokenRequest.shape(tenant, groups, scope, audience), claims);
	}

	private static Map<String, Object> claims(TokenRequest profile) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", "${clientId}");
		claims.put("aud", List.of(profile.audience()));
		if (profile.tenant() != null) {
			claims.put("tenant", profile.tenant());
		}
		if (profile.groups() != null) {
			claims.put("groups", profile.groups());
		}
		if (profile.scopes() != null) {
			claims.put("scope", String.join(" ", profile.scopes()));
		}
		return claims;
	}

	private static Map<String, Object> mapping(String param, String match, Map<String, Object> claims) {
		return Map.of("requestParam", param, "match", match, "claims", claims);
	}

	private static Map<String, TokenRequest> profiles() {
		Map<String, TokenRequest> profiles = new LinkedHashMap<>();
		profiles.put("demo-writer", TokenRequest.of("-", "demo", "sponge-writer", "sponge-reader"));
		profiles.put("demo-reader", TokenRequest.of("-", "demo", "sponge-reader"));
		profiles.put("demo-writer-only", TokenRequest.of("-", "demo", "sponge-writer"));
		profiles.put("demo-admin", TokenRequest.of("-", "demo", "sponge-admin"));
		profiles.put("acme-writer", TokenRequest.of("-", "acme", "sponge-writer", "sponge-reader"));
		profiles.put("globex-reader", TokenRequest.of("-", "globex", "sponge-reader"));
		profiles.put("demo-scopes",
				TokenRequest.forSubject("-").withTenant("demo").withScopes("sponge:read", "sponge:write"));
		profiles.put("no-tenant", TokenRequest.of("-", null, "sponge-writer", "sponge-reader"));
		return Collections.unmodifiableMap(profiles);
	}

}
