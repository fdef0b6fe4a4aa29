package dev.sponge.paging;

import java.nio.file.Path;

import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The key that signs page cursors. Every instance behind one endpoint must use the same
 * key (a Kubernetes Secret), or a cursor only works on the instance that issued it.
 *
 * @param signingKey HMAC-SHA256 key for page cursors, at least 32 characters (e.g.
 * {@code openssl rand -base64 48}); from the environment
 * ({@code SPONGE_PAGING_SIGNING_KEY}) or a Secret. Unset (and no file): a random key per
 * process, with a warning
 * @param signingKeyFile file holding the key instead (e.g. a mounted Secret; surrounding
 * whitespace is ignored); read once at start-up
 */
@Validated
@ConfigurationProperties("sponge.paging")
public record PagingProperties(@Size(min = 32) String signingKey, Path signingKeyFile) {

}
