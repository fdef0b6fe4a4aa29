package dev.sponge.promql;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code label_replace} and {@code label_join}; both keep the metric name. */
final class LabelFunctions {

	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	private LabelFunctions() {
	}

	/** {@code label_replace(v, dst, replacement, src, regex)}. */
	static Value.Vector replace(Value.Vector vector, List<String> args, Steps steps) {
		String dst = args.get(0);
		String replacement = args.get(1);
		String src = args.get(2);
		Pattern regex;
		try {
			regex = Pattern.compile("^(?:" + args.get(3) + ")$");
		}
		catch (PatternSyntaxException ex) {
			throw PromQLException.execution("invalid regular expression in label_replace(): " + args.get(3));
		}
		requireLabelName(dst, "label_replace");
		return relabel(vector, steps, (labels) -> {
			String value = labels.get(src);
			java.util.regex.Matcher m = regex.matcher((value != null) ? value : "");
			if (!m.matches()) {
				return labels;
			}
			return labels.with(dst, expand(replacement, m));
		});
	}

	/** {@code label_join(v, dst, separator, src...)}. */
	static Value.Vector join(Value.Vector vector, List<String> args, Steps steps) {
		String dst = args.get(0);
		String separator = args.get(1);
		List<String> sources = args.subList(2, args.size());
		requireLabelName(dst, "label_join");
		return relabel(vector, steps, (labels) -> {
			StringBuilder joined = new StringBuilder();
			for (int i = 0; i < sources.size(); i++) {
				if (i > 0) {
					joined.append(separator);
				}
				String value = labels.get(sources.get(i));
				joined.append((value != null) ? value : "");
			}
			return labels.with(dst, joined.toString());
		});
	}

	private static void requireLabelName(String name, String function) {
		if (!LABEL_NAME.matcher(name).matches()) {
			throw PromQLException.execution("invalid destination label name in " + function + "(): " + name);
		}
	}

	private static Value.Vector relabel(Value.Vector vector, Steps steps,
			java.util.function.UnaryOperator<Labels> relabel) {
		VectorBuilder out = new VectorBuilder(steps.count());
		for (StepSeries s : vector.series()) {
			Labels labels = relabel.apply(s.labels);
			for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
				out.add(i, labels, s.values[i]);
			}
		}
		return out.build();
	}

	/**
	 * Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name},
	 * {@code ${name}} become the group (empty when there is none), {@code $$} a dollar.
	 */
	static String expand(String template, java.util.regex.Matcher match) {
		StringBuilder out = new StringBuilder();
		int i = 0;
		while (i < template.length()) {
			char c = template.charAt(i);
			if (c != '$' || i + 1 >= template.length()) {
				out.append(c);
				i++;
				continue;
			}
			if (template.charAt(i + 1) == '$') {
				out.append('$');
				i += 2;
				continue;
			}
			String name;
			int next;
			if (template.charAt(i + 1) == '{') {
				int close = template.indexOf('}', i + 2);
				if (close < 0) {
					out.append(c);
					i++;
					continue;
				}
				name = template.substring(i + 2, close);
				next = close + 1;
			}
			else {
				int end = i + 1;
				while (end < template.length()
						&& (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
					end++;
				}
				name = template.substring(i + 1, end);
				next = end;
			}
			if (name.isEmpty()) {
				out.append(c);
				i++;
				continue;
			}
			out.append(group(match, name));
			i = next;
		}
		return out.toString();
	}

	private static String group(java.util.regex.Matcher match, String name) {
		String value;
		try {
			value = name.chars().allMatch(Character::isDigit)
					? ((Integer.parseInt(name) <= match.groupCount()) ? match.group(Integer.parseInt(name)) : null)
					: match.group(name);
		}
		catch (IllegalArgumentException ex) {
			value = null;
		}
		return (value != null) ? value : "";
	}

}
