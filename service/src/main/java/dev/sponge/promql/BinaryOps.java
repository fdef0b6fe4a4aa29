package dev.sponge.promql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sponge.promql.Expr.Binary;
import dev.sponge.promql.Expr.Cardinality;
import dev.sponge.promql.Expr.VectorMatching;

/**
 * Binary operators with Prometheus' semantics: arithmetic and comparisons (filtering, or
 * 0/1 with {@code bool}) between scalars and vectors, vector matching with {@code on},
 * {@code ignoring}, {@code group_left} and {@code group_right}, and the set operators.
 */
final class BinaryOps {

	private BinaryOps() {
	}

	static Value eval(Binary binary, Value lhs, Value rhs, Steps steps) {
		String op = binary.op();
		if (lhs instanceof Value.Scalar l && rhs instanceof Value.Scalar r) {
			double[] out = new double[l.values().length];
			for (int i = 0; i < out.length; i++) {
				out[i] = apply(op, l.values()[i], r.values()[i]);
			}
			return new Value.Scalar(out);
		}
		if (lhs instanceof Value.Scalar l) {
			return vectorScalar(op, (Value.Vector) rhs, l, true, binary.returnBool());
		}
		if (rhs instanceof Value.Scalar r) {
			return vectorScalar(op, (Value.Vector) lhs, r, false, binary.returnBool());
		}
		Value.Vector l = (Value.Vector) lhs;
		Value.Vector r = (Value.Vector) rhs;
		return switch (op) {
			case "and", "or", "unless" -> setOperation(op, l, r, binary.matching(), steps);
			default -> vectorVector(op, l, r, binary.matching(), binary.returnBool(), steps);
		};
	}

	static boolean isComparison(String op) {
		return switch (op) {
			case "==", "!=", ">", "<", ">=", "<=" -> true;
			default -> false;
		};
	}

	static boolean compare(String op, double l, double r) {
		return switch (op) {
			case "==" -> l == r;
			case "!=" -> l != r;
			case ">" -> l > r;
			case "<" -> l < r;
			case ">=" -> l >= r;
			default -> l <= r;
		};
	}

	/** Arithmetic as Go computes it ({@code %} is {@code math.Mod}). */
	static double apply(String op, double l, double r) {
		return switch (op) {
			case "+" -> l + r;
			case "-" -> l - r;
			case "*" -> l * r;
			case "/" -> l / r;
			case "%" -> l % r;
			case "^" -> Math.pow(l, r);
			case "atan2" -> Math.atan2(l, r);
			default -> compare(op, l, r) ? 1 : 0;
		};
	}

	private static Value.Vector vectorScalar(String op, Value.Vector vector, Value.Scalar scalar, boolean scalarLeft,
			boolean returnBool) {
		boolean comparison = isComparison(op);
		List<StepSeries> out = new ArrayList<>();
		for (StepSeries s : vector.series()) {
			Labels labels = (comparison && !returnBool) ? s.labels : s.labels.withoutName();
			StepSeries result = new StepSeries(labels, s.values.length, false);
			for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
				double v = s.values[i];
				double l = scalarLeft ? scalar.values()[i] : v;
				double r = scalarLeft ? v : scalar.values()[i];
				if (comparison) {
					boolean keep = compare(op, l, r);
					if (returnBool) {
						result.set(i, keep ? 1 : 0);
					}
					else if (keep) {
						result.set(i, v);
					}
				}
				else {
					result.set(i, apply(op, l, r));
				}
			}
			if (!result.present.isEmpty()) {
				out.add(result);
			}
		}
		return new Value.Vector(out);
	}

	static Labels signature(Labels labels, VectorMatching matching) {
		if (matching.on()) {
			return labels.only(matching.labels());
		}
		List<String> drop = new ArrayList<>(matching.labels());
		drop.add(Labels.NAME);
		return labels.without(drop);
	}

	private static Value.Vector vectorVector(String op, Value.Vector lhs, Value.Vector rhs, VectorMatching matching,
			boolean returnBool, Steps steps) {
		boolean comparison = isComparison(op);
		boolean swap = matching.card() == Cardinality.ONE_TO_MANY;
		Value.Vector many = swap ? rhs : lhs;
		Value.Vector one = swap ? lhs : rhs;
		VectorBuilder out = new VectorBuilder(steps.count());
		Map<StepSeries, Labels> manySignatures = signatures(many, matching);
		Map<StepSeries, Labels> oneSignatures = signatures(one, matching);
		for (int i = 0; i < steps.count(); i++) {
			Map<Labels, StepSeries> oneBySignature = new HashMap<>();
			for (StepSeries s : one.series()) {
				if (s.has(i)) {
					StepSeries previous = oneBySignature.put(oneSignatures.get(s), s);
					if (previous != null) {
						throw PromQLException.execution("found duplicate series for the match group "
								+ oneSignatures.get(s) + " on the " + (swap ? "left" : "right")
								+ " hand-side of the operation: [" + previous.labels + ", " + s.labels
								+ "];many-to-many matching not allowed: matching labels must be unique on one side");
					}
				}
			}
			Set<Labels> matchedSignatures = new HashSet<>();
			for (StepSeries s : many.series()) {
				if (!s.has(i)) {
					continue;
				}
				Labels signature = manySignatures.get(s);
				StepSeries match = oneBySignature.get(signature);
				if (match == null) {
					continue;
				}
				if (matching.card() == Cardinality.ONE_TO_ONE && !matchedSignatures.add(signature)) {
					throw PromQLException.execution("multiple matches for labels: many-to-one matching must be "
							+ "explicit (group_left/group_right)");
				}
				double l = swap ? match.values[i] : s.values[i];
				double r = swap ? s.values[i] : match.values[i];
				double value;
				if (comparison) {
					boolean keep = compare(op, l, r);
					if (!returnBool && !keep) {
						continue;
					}
					value = returnBool ? (keep ? 1 : 0) : l;
				}
				else {
					value = apply(op, l, r);
				}
				Labels labels = resultLabels(s.labels, match.labels, op, matching, returnBool);
				try {
					out.add(i, labels, value);
				}
				catch (PromQLException ex) {
					throw PromQLException
						.execution("multiple matches for labels: grouping labels must ensure unique matches");
				}
			}
		}
		return out.build();
	}

	private static Map<StepSeries, Labels> signatures(Value.Vector vector, VectorMatching matching) {
		Map<StepSeries, Labels> signatures = new HashMap<>();
		for (StepSeries s : vector.series()) {
			signatures.put(s, signature(s.labels, matching));
		}
		return signatures;
	}

	private static Labels resultLabels(Labels many, Labels one, String op, VectorMatching matching,
			boolean returnBool) {
		Labels labels = many;
		if (!isComparison(op) || returnBool) {
			labels = labels.withoutName();
		}
		if (matching.card() == Cardinality.ONE_TO_ONE) {
			labels = matching.on() ? labels.only(matching.labels()) : labels.without(matching.labels());
		}
		for (String name : matching.include()) {
			labels = labels.with(name, one.get(name));
		}
		return labels;
	}

	private static Value.Vector setOperation(String op, Value.Vector lhs, Value.Vector rhs, VectorMatching matching,
			Steps steps) {
		Map<StepSeries, Labels> lhsSignatures = signatures(lhs, matching);
		Map<StepSeries, Labels> rhsSignatures = signatures(rhs, matching);
		List<StepSeries> out = new ArrayList<>();
		List<StepSeries> lhsOut = new ArrayList<>();
		for (StepSeries s : lhs.series()) {
			lhsOut.add(new StepSeries(s.labels, steps.count(), false));
		}
		List<StepSeries> rhsOut = new ArrayList<>();
		for (StepSeries s : rhs.series()) {
			rhsOut.add(new StepSeries(s.labels, steps.count(), false));
		}
		for (int i = 0; i < steps.count(); i++) {
			Set<Labels> rhsAt = new HashSet<>();
			for (StepSeries s : rhs.series()) {
				if (s.has(i)) {
					rhsAt.add(rhsSignatures.get(s));
				}
			}
			Set<Labels> lhsAt = new HashSet<>();
			for (int j = 0; j < lhs.series().size(); j++) {
				StepSeries s = lhs.series().get(j);
				if (!s.has(i)) {
					continue;
				}
				Labels signature = lhsSignatures.get(s);
				lhsAt.add(signature);
				boolean inRhs = rhsAt.contains(signature);
				if (op.equals("or") || (op.equals("and") && inRhs) || (op.equals("unless") && !inRhs)) {
					lhsOut.get(j).set(i, s.values[i]);
				}
			}
			if (op.equals("or")) {
				for (int j = 0; j < rhs.series().size(); j++) {
					StepSeries s = rhs.series().get(j);
					if (s.has(i) && !lhsAt.contains(rhsSignatures.get(s))) {
						rhsOut.get(j).set(i, s.values[i]);
					}
				}
			}
		}
		for (StepSeries s : lhsOut) {
			if (!s.present.isEmpty()) {
				out.add(s);
			}
		}
		for (StepSeries s : rhsOut) {
			if (!s.present.isEmpty()) {
				out.add(s);
			}
		}
		return merge(out, steps);
	}

	/** Series with equal labels (from both sides of {@code or}) as one. */
	private static Value.Vector merge(List<StepSeries> series, Steps steps) {
		VectorBuilder out = new VectorBuilder(steps.count());
		for (StepSeries s : series) {
			for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
				out.add(i, s.labels, s.values[i]);
			}
		}
		return out.build();
	}

}
