package dev.sponge.tenancy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

import dev.sponge.security.SpongeSecurityProperties;

/** Wires the tenant claim reader and the {@link Tenant} controller argument. */
@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

	@Bean
	TenantClaim tenantClaim(SpongeSecurityProperties properties) {
		return new TenantClaim(properties.tenantClaim());
	}

	@Bean
	WebFluxConfigurer tenantArgument(TenantClaim tenantClaim) {
		return new WebFluxConfigurer() {
			@Override
			public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
				configurer.addCustomResolver(new TenantArgumentResolver(tenantClaim));
			}
		};
	}

}
