package dev.sponge.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimsRoleConverterTest {

	private final ClaimsRoleConverter converter = new ClaimsRoleConverter(
			new SpongeSecurityProperties("tenant", "groups", List.of("sponge-reader"), List.of("sponge-writer"),
					List.of("sponge-admin"), List.of("sponge:read"), List.of("sponge:write"), List.of("sponge:admin")));

	@Test
	void groupsGrantTheirRoles() {
		assertThat(roles(Jwt.withTokenValue("t").header("alg", "RS256").claim("groups", List.of("sponge-writer", "x"))))
			.containsExactly("ROLE_WRITER");
	}

	@Test
	void adminImpliesWriterAndReader() {
		assertThat(roles(Jwt.withTokenValue("t").header("alg", "RS256").claim("groups", List.of("sponge-admin"))))
			.containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_WRITER", "ROLE_READER");
	}

	@Test
	void scopesGrantRolesFromScpListOrScopeString() {
		assertThat(roles(Jwt.withTokenValue("t").header("alg", "RS256").claim("scp", List.of("sponge:read"))))
			.containsExactly("ROLE_READER");
		assertThat(roles(Jwt.withTokenValue("t").header("alg", "RS256").claim("scope", "openid sponge:write")))
			.containsExactly("ROLE_WRITER");
	}

	@Test
	void unknownValuesGrantNothing() {
		assertThat(roles(Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.claim("groups", List.of("admins", "SPONGE-ADMIN"))
			.claim("scope", "sponge:everything"))).isEmpty();
	}

	private List<String> roles(Jwt.Builder jwt) {
		return this.converter.convert(jwt.subject("s").issuedAt(Instant.now()).build())
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
	}

}
