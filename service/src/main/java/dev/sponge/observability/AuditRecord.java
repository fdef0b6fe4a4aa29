package dev.sponge.observability;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.server.ServerWebExchange;

/**
 * What one API request did, filled in as the request passes through security and the
 * controllers, and written as one audit line when it completes. Lives in the exchange's
 * attributes, which every mutated copy of the exchange shares.
 */
public final class AuditRecord {

	static final String ATTRIBUTE = AuditRecord.class.getName();

	private static final String ROLE_PREFIX = "ROLE_";

	private volatile Authentication authentication;

	private volatile long points = -1;

	/** The record of this exchange, or {@code null} outside the audited paths. */
	static AuditRecord of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	/** Records how many points the request wrote or returned. */
	public static void points(ServerWebExchange exchange, long points) {
		AuditRecord record = of(exchange);
		if (record != null) {
			record.points = points;
		}
	}

	void authentication(Authentication authentication) {
		this.authentication = authentication;
	}

	Authentication authentication() {
		return this.authentication;
	}

	List<String> roles() {
		Authentication auth = this.authentication;
		return (auth != null) ? auth.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith(ROLE_PREFIX))
			.map((authority) -> authority.substring(ROLE_PREFIX.length()))
			.sorted()
			.toList() : List.of();
	}

	/** Points written or returned, or -1 when the request got that far. */
	long points() {
		return this.points;
	}

}
