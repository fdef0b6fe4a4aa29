package dev.sponge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Every configuration property the service knows: the metadata the configuration
 * processor generates for the service's own {@code @ConfigurationProperties} (in the
 * service's classes jar) and the metadata of every Spring Boot jar on the classpath. A
 * name outside it is a typo, or a property of a library the service does not have.
 */
final class SpringPropertyCatalog {

	static final SpringPropertyCatalog INSTANCE = load();

	private final Map<ConfigurationPropertyName, ConfigurationMetadataProperty> properties;

	private final Set<String> environmentVariables;

	private SpringPropertyCatalog(Map<ConfigurationPropertyName, ConfigurationMetadataProperty> properties) {
		this.properties = properties;
		this.environmentVariables = new HashSet<>();
		properties.keySet().forEach((name) -> {
			this.environmentVariables.add(environmentVariable(name, false));
			this.environmentVariables.add(environmentVariable(name, true));
		});
	}

	/**
	 * Whether {@code key} (as in a properties or flattened YAML file) is a property, or
	 * an entry of a map property.
	 */
	boolean isKnown(String key) {
		ConfigurationPropertyName name = withoutIndexes(ConfigurationPropertyName.adapt(key, '.'));
		for (ConfigurationPropertyName candidate = name; !candidate.isEmpty(); candidate = candidate.getParent()) {
			ConfigurationMetadataProperty property = this.properties.get(candidate);
			if (property != null) {
				return candidate.equals(name) || isMap(property);
			}
		}
		return false;
	}

	/**
	 * Whether an environment variable binds to a property (Spring's rule: dots and dashes
	 * become underscores).
	 */
	boolean isKnownEnvironmentVariable(String variable) {
		if (this.environmentVariables.contains(variable)) {
			return true;
		}
		return this.properties.entrySet()
			.stream()
			.filter((e) -> isMap(e.getValue()))
			.anyMatch((e) -> variable.startsWith(environmentVariable(e.getKey(), false) + "_")
					|| variable.startsWith(environmentVariable(e.getKey(), true) + "_"));
	}

	int size() {
		return this.properties.size();
	}

	private static boolean isMap(ConfigurationMetadataProperty property) {
		return property.getType() != null && property.getType().startsWith("java.util.Map<");
	}

	private static String environmentVariable(ConfigurationPropertyName name, boolean dashesAsUnderscores) {
		StringBuilder variable = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			if (i > 0) {
				variable.append('_');
			}
			String element = name.getElement(i, ConfigurationPropertyName.Form.DASHED);
			variable.append(dashesAsUnderscores ? element.replace('-', '_') : element.replace("-", ""));
		}
		return variable.toString().toUpperCase();
	}

	private static ConfigurationPropertyName withoutIndexes(ConfigurationPropertyName name) {
		ConfigurationPropertyName result = ConfigurationPropertyName.EMPTY;
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			if (!name.isNumericIndex(i)) {
				result = result.append(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
			}
		}
		return result;
	}

	private static SpringPropertyCatalog load() {
		try {
			ConfigurationMetadataRepositoryJsonBuilder builder = ConfigurationMetadataRepositoryJsonBuilder.create();
			for (URL url : Collections.list(SpringPropertyCatalog.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					builder.withJsonResource(in);
				}
			}
			ConfigurationMetadataRepository repository = builder.build();
			return new SpringPropertyCatalog(repository.getAllProperties()
				.values()
				.stream()
				.filter((p) -> ConfigurationPropertyName.ofIfValid(p.getId()) != null)
				.collect(Collectors.toMap((p) -> ConfigurationPropertyName.of(p.getId()), (p) -> p, (a, b) -> a,
						HashMap::new)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
