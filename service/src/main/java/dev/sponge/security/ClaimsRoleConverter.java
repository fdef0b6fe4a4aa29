package dev.sponge.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Maps a JWT's groups and scopes to Sponge's roles as configured in
 * {@link SpongeSecurityProperties}. Only listed values grant a role; ADMIN adds WRITER
 * and READER.
 */
final class ClaimsRoleConverter implements Converter<Jwt, Collection<GrantedAuthority>> {

	private final SpongeSecurityProperties properties;

	ClaimsRoleConverter(SpongeSecurityProperties properties) {
		this.properties = properties;
	}

	@Override
	public Collection<GrantedAuthority> convert(Jwt jwt) {
		List<String> groups = values(jwt.getClaims().get(this.properties.groupsClaim()));
		List<String> scopes = scopes(jwt);
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (Role role : Role.values()) {
			if (intersects(groups, this.properties.groupsFor(role))
					|| intersects(scopes, this.properties.scopesFor(role))) {
				roles.addAll(role.withImplied());
			}
		}
		return roles.stream().<GrantedAuthority>map((role) -> new SimpleGrantedAuthority(role.authority())).toList();
	}

	/**
	 * Okta puts scopes in {@code scp} as a list; RFC 9068 issuers in {@code scope} as a
	 * string.
	 */
	private static List<String> scopes(Jwt jwt) {
		List<String> scp = values(jwt.getClaims().get("scp"));
		return scp.isEmpty() ? values(jwt.getClaims().get("scope")) : scp;
	}

	private static List<String> values(Object claim) {
		if (claim instanceof Collection<?> collection) {
			return collection.stream().filter(String.class::isInstance).map(String.class::cast).toList();
		}
		if (claim instanceof String text) {
			return Arrays.stream(text.split("[\\s,]+")).filter((s) -> !s.isEmpty()).toList();
		}
		return List.of();
	}

	private static boolean intersects(List<String> granted, List<String> configured) {
		return granted.stream().anyMatch(configured::contains);
	}

}
