package dev.sponge.observability;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sponge.tenancy.TenantClaim;

/** Wires the audit trail and the request-id propagation into the logs. */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	ObservabilityConfiguration() {
		RequestId.registerMdcAccessor();
	}

	@Bean
	AuditWebFilter auditWebFilter(TenantClaim tenantClaim) {
		return new AuditWebFilter(tenantClaim);
	}

}
