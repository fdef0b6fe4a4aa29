package dev.sponge.security;

import java.util.List;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How token claims become a tenant and roles. The issuer, keys and audiences are Spring's
 * own {@code spring.security.oauth2.resourceserver.jwt.*} properties. Claim values not
 * listed here grant nothing.
 *
 * @param tenantClaim name of the claim that holds the caller's tenant id
 * @param groupsClaim name of the claim that holds the caller's groups (Okta:
 * {@code groups})
 * @param readerGroups group names that grant READER
 * @param writerGroups group names that grant WRITER
 * @param adminGroups group names that grant ADMIN (and with it WRITER and READER)
 * @param readerScopes scopes ({@code scp} or {@code scope} claim) that grant READER
 * @param writerScopes scopes that grant WRITER
 * @param adminScopes scopes that grant ADMIN
 */
@Validated
@ConfigurationProperties("sponge.security")
public record SpongeSecurityProperties(@DefaultValue("tenant") @NotBlank String tenantClaim,
		@DefaultValue("groups") @NotBlank String groupsClaim, @DefaultValue("sponge-reader") List<String> readerGroups,
		@DefaultValue("sponge-writer") List<String> writerGroups,
		@DefaultValue("sponge-admin") List<String> adminGroups, @DefaultValue("sponge:read") List<String> readerScopes,
		@DefaultValue("sponge:write") List<String> writerScopes,
		@DefaultValue("sponge:admin") List<String> adminScopes) {

	List<String> groupsFor(Role role) {
		return switch (role) {
			case READER -> this.readerGroups;
			case WRITER -> this.writerGroups;
			case ADMIN -> this.adminGroups;
		};
	}

	List<String> scopesFor(Role role) {
		return switch (role) {
			case READER -> this.readerScopes;
			case WRITER -> this.writerScopes;
			case ADMIN -> this.adminScopes;
		};
	}

}
