package dev.sponge.observability;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sponge.logging.RequestId;
import dev.sponge.tenancy.TenantClaim;

/** Wires the audit trail and the request-id propagation into the logs. */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	ObservabilityConfiguration() {
		RequestId.registerMdcAccessor();
	}

	@Bean
	AuditWebFilter auditWebFilter(TenantClaim tenantClaim, Clock clock) {
		return new AuditWebFilter(tenantClaim, clock);
	}

}
