package dev.sponge.tenancy;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Reads the tenant from the configured claim of an authenticated JWT. A missing or
 * malformed claim means no tenant, and no tenant means no access to data.
 */
public final class TenantClaim {

	private final String claimName;

	public TenantClaim(String claimName) {
		this.claimName = claimName;
	}

	/** The caller's tenant, or {@code null} if the token names none or an invalid one. */
	public Tenant tenantOf(Authentication authentication) {
		if (authentication instanceof JwtAuthenticationToken jwt && jwt.isAuthenticated()) {
			Object value = jwt.getToken().getClaims().get(this.claimName);
			if (value instanceof String id && Tenant.isValid(id)) {
				return new Tenant(id);
			}
		}
		return null;
	}

	/** Problem detail for a token without a usable tenant. */
	public String missingDetail() {
		return "The token has no valid '" + this.claimName
				+ "' claim (1-64 characters: letters, digits, '_', '.', '-'); no tenant, no access";
	}

}
