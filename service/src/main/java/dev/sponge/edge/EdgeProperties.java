package dev.sponge.edge;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The proxies in front of the service. Their {@code Forwarded}, {@code X-Forwarded-For}
 * and {@code X-Forwarded-Proto} headers decide the client address and scheme the service
 * sees; from any other peer those headers are removed unread.
 *
 * @param trustedProxies addresses or CIDR ranges of the proxies whose forwarding headers
 * are trusted (IPv4 or IPv6); the default, loopback, fits an edge in the same pod or on
 * the same host
 */
@Validated
@ConfigurationProperties("sponge.edge")
public record EdgeProperties(@DefaultValue( {
		"127.0.0.0/8", "::1" }) @NotNull List<String> trustedProxies){
}
