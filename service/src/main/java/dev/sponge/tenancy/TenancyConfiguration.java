package dev.sponge.tenancy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Wires the {@link Tenant} controller argument. The {@link TenantClaim} it reads with is
 * security's bean, since security owns how token claims are configured
 * ({@code sponge.security.tenant-claim}).
 */
@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

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
