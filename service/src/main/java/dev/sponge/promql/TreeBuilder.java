package dev.sponge.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.PatternSyntaxException;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import dev.sponge.promql.Expr.Aggregate;
import dev.sponge.promql.Expr.At;
import dev.sponge.promql.Expr.AtKind;
import dev.sponge.promql.Expr.Binary;
import dev.sponge.promql.Expr.Call;
import dev.sponge.promql.Expr.Cardinality;
import dev.sponge.promql.Expr.MatrixSelector;
import dev.sponge.promql.Expr.Negation;
import dev.sponge.promql.Expr.NumberLiteral;
import dev.sponge.promql.Expr.StringLiteral;
import dev.sponge.promql.Expr.Subquery;
import dev.sponge.promql.Expr.VectorMatching;
import dev.sponge.promql.Expr.VectorSelector;
import dev.sponge.promql.PromQLParser.AggregationContext;
import dev.sponge.promql.PromQLParser.AtPostfixContext;
import dev.sponge.promql.PromQLParser.BinModifiersContext;
import dev.sponge.promql.PromQLParser.LabelListContext;
import dev.sponge.promql.PromQLParser.LabelMatcherContext;
import dev.sponge.promql.PromQLParser.OffsetPostfixContext;
import dev.sponge.promql.PromQLParser.RangePostfixContext;
import dev.sponge.promql.PromQLParser.SubqueryPostfixContext;

/**
 * Turns the parse tree into {@link Expr} records, making the checks Prometheus' parser
 * makes after its grammar: operand and argument types, what a range, offset or subquery
 * may follow, and selectors that match something.
 */
final class TreeBuilder extends PromQLBaseVisitor<Expr> {

	private static final List<String> COMPARISONS = List.of("==", "!=", ">", "<", ">=", "<=");

	private static final List<String> SET_OPERATORS = List.of("and", "or", "unless");

	@Override
	public Expr visitParenExpr(PromQLParser.ParenExprContext ctx) {
		return visit(ctx.expr());
	}

	@Override
	public Expr visitPrimaryExpr(PromQLParser.PrimaryExprContext ctx) {
		return visit(ctx.primary());
	}

	@Override
	public Expr visitNumberLiteral(PromQLParser.NumberLiteralContext ctx) {
		return new NumberLiteral(number(ctx.NUMBER().getText()));
	}

	static double number(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		if (lower.equals("inf")) {
			return Double.POSITIVE_INFINITY;
		}
		if (lower.equals("nan")) {
			return Double.NaN;
		}
		if (lower.startsWith("0x")) {
			return Long.parseLong(text.substring(2), 16);
		}
		return Double.parseDouble(text);
	}

	@Override
	public Expr visitStringLiteral(PromQLParser.StringLiteralContext ctx) {
		return new StringLiteral(string(ctx.STRING().getSymbol()));
	}

	private static String string(Token token) {
		try {
			return Strings.unquote(token.getText());
		}
		catch (IllegalArgumentException ex) {
			throw PromQLException.parse(token.getLine(), token.getCharPositionInLine(), ex.getMessage());
		}
	}

	@Override
	public Expr visitUnaryExpr(PromQLParser.UnaryExprContext ctx) {
		Expr expr = visit(ctx.expr());
		if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
			throw error(ctx, "unary expression only allowed on expressions of type scalar or instant vector, got "
					+ typeName(expr.type()));
		}
		if (ctx.op.getType() == PromQLParser.ADD) {
			return expr;
		}
		if (expr instanceof NumberLiteral number) {
			return new NumberLiteral(-number.value());
		}
		return new Negation(expr);
	}

	@Override
	public Expr visitBinaryExpr(PromQLParser.BinaryExprContext ctx) {
		Expr lhs = visit(ctx.expr(0));
		Expr rhs = visit(ctx.expr(1));
		String op = ctx.op.getText().toLowerCase(Locale.ROOT);
		BinModifiersContext modifiers = ctx.binModifiers();
		boolean returnBool = modifiers.BOOL() != null;
		boolean comparison = COMPARISONS.contains(op);
		boolean set = SET_OPERATORS.contains(op);
		for (Expr side : List.of(lhs, rhs)) {
			if (side.type() != ValueType.SCALAR && side.type() != ValueType.VECTOR) {
				throw error(ctx, "binary expression must contain only scalar and instant vector types");
			}
		}
		boolean bothVectors = lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR;
		if (returnBool && !comparison) {
			throw error(ctx, "bool modifier can only be used on comparison operators");
		}
		if (comparison && !returnBool && lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR) {
			throw error(ctx, "comparisons between scalars must use BOOL modifier");
		}
		if (set && !bothVectors) {
			throw error(ctx, "set operator \"" + op + "\" not allowed in binary scalar expression");
		}
		if (modifiers.matchKind != null && !bothVectors) {
			throw error(ctx, "vector matching only allowed between instant vectors");
		}
		VectorMatching matching = null;
		if (bothVectors) {
			matching = matching(ctx, modifiers, set);
		}
		return new Binary(op, lhs, rhs, matching, returnBool);
	}

	private VectorMatching matching(ParserRuleContext ctx, BinModifiersContext modifiers, boolean set) {
		Cardinality card = set ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE;
		boolean on = modifiers.matchKind != null && modifiers.matchKind.getType() == PromQLParser.ON;
		List<String> labels = (modifiers.matchKind != null) ? labels(modifiers.labelList(0)) : List.of();
		List<String> include = List.of();
		if (modifiers.groupKind != null) {
			if (set) {
				throw error(ctx, "no grouping allowed for \"" + modifiers.groupKind.getText() + "\" operation");
			}
			card = (modifiers.groupKind.getType() == PromQLParser.GROUP_LEFT) ? Cardinality.MANY_TO_ONE
					: Cardinality.ONE_TO_MANY;
			include = (modifiers.labelList().size() > 1) ? labels(modifiers.labelList(1)) : List.of();
			for (String label : include) {
				if (on && labels.contains(label)) {
					throw error(ctx, "label \"" + label + "\" must not occur in ON and GROUP clause at once");
				}
			}
		}
		return new VectorMatching(card, on, labels, include);
	}

	@Override
	public Expr visitPostfixExpr(PromQLParser.PostfixExprContext ctx) {
		Expr base = visit(ctx.expr());
		boolean parenthesised = ctx.expr() instanceof PromQLParser.PrimaryExprContext primary
				&& primary.primary() instanceof PromQLParser.ParenExprContext;
		if (ctx.postfix() instanceof RangePostfixContext range) {
			if (!(base instanceof VectorSelector selector) || parenthesised) {
				throw error(ctx, "ranges only allowed for vector selectors");
			}
			if (selector.offset() != 0 || selector.at() != null) {
				throw error(ctx, "no offset or @ modifiers allowed before range");
			}
			return new MatrixSelector(selector, positive(ctx, Durations.parse(range.DURATION().getText())));
		}
		if (ctx.postfix() instanceof SubqueryPostfixContext subquery) {
			if (base.type() != ValueType.VECTOR) {
				throw error(ctx, "subquery is only allowed on instant vector, got " + typeName(base.type()));
			}
			long step = (subquery.step != null) ? positive(ctx, Durations.parse(subquery.step.getText())) : 0;
			return new Subquery(base, positive(ctx, Durations.parse(subquery.range.getText())), step, 0, null);
		}
		if (ctx.postfix() instanceof OffsetPostfixContext offsetCtx) {
			long offset = Durations.parse(offsetCtx.DURATION().getText()) * ((offsetCtx.neg != null) ? -1 : 1);
			if (parenthesised) {
				throw offsetTarget(ctx);
			}
			if (base instanceof VectorSelector s) {
				requireNoOffset(ctx, s.offset());
				return new VectorSelector(s.matchers(), offset, s.at());
			}
			if (base instanceof MatrixSelector m) {
				requireNoOffset(ctx, m.selector().offset());
				return new MatrixSelector(new VectorSelector(m.selector().matchers(), offset, m.selector().at()),
						m.range());
			}
			if (base instanceof Subquery s) {
				requireNoOffset(ctx, s.offset());
				return new Subquery(s.expr(), s.range(), s.step(), offset, s.at());
			}
			throw offsetTarget(ctx);
		}
		At at = at(((AtPostfixContext) ctx.postfix()).atTime());
		if (!parenthesised) {
			if (base instanceof VectorSelector s && s.at() == null) {
				return new VectorSelector(s.matchers(), s.offset(), at);
			}
			if (base instanceof MatrixSelector m && m.selector().at() == null) {
				return new MatrixSelector(new VectorSelector(m.selector().matchers(), m.selector().offset(), at),
						m.range());
			}
			if (base instanceof Subquery s && s.at() == null) {
				return new Subquery(s.expr(), s.range(), s.step(), s.offset(), at);
			}
		}
		throw error(ctx, "@ modifier must be preceded by an instant vector selector or range vector selector or "
				+ "a subquery, and may be set once");
	}

	private static At at(PromQLParser.AtTimeContext ctx) {
		if (ctx.START() != null) {
			return new At(0, AtKind.START);
		}
		if (ctx.END() != null) {
			return new At(0, AtKind.END);
		}
		double seconds = number(ctx.NUMBER().getText())
				* ((ctx.sign != null && ctx.sign.getType() == PromQLParser.SUB) ? -1 : 1);
		if (!Double.isFinite(seconds)) {
			throw error(ctx, "timestamp out of bounds for @ modifier: " + seconds);
		}
		return new At(Math.round(seconds * 1000), AtKind.TIME);
	}

	private static void requireNoOffset(ParserRuleContext ctx, long offset) {
		if (offset != 0) {
			throw error(ctx, "offset may not be set multiple times");
		}
	}

	private static PromQLException offsetTarget(ParserRuleContext ctx) {
		return error(ctx, "offset modifier must be preceded by an instant vector selector or range vector "
				+ "selector or a subquery");
	}

	private static long positive(ParserRuleContext ctx, long duration) {
		if (duration <= 0) {
			throw error(ctx, "duration must be greater than 0");
		}
		return duration;
	}

	@Override
	public Expr visitFunctionCall(PromQLParser.FunctionCallContext ctx) {
		String name = ctx.IDENTIFIER().getText();
		Functions.Function function = Functions.named(name);
		if (function == null) {
			throw error(ctx, "unknown function with name \"" + name + "\"");
		}
		List<Expr> args = new ArrayList<>();
		for (PromQLParser.ExprContext arg : ctx.expr()) {
			args.add(visit(arg));
		}
		int declared = function.args().size();
		int min = (function.variadic() > 0) ? declared - function.variadic() : declared;
		boolean tooMany = function.variadic() >= 0 && args.size() > declared;
		if (args.size() < min || tooMany) {
			throw error(ctx, "expected " + ((function.variadic() == 0) ? declared : "at least " + min)
					+ " argument(s) in call to \"" + name + "\", got " + args.size());
		}
		for (int i = 0; i < args.size(); i++) {
			ValueType expected = function.args().get(Math.min(i, declared - 1));
			if (args.get(i).type() != expected) {
				throw error(ctx, "expected type " + typeName(expected) + " in call to function \"" + name + "\", got "
						+ typeName(args.get(i).type()));
			}
		}
		if (!function.supported()) {
			throw PromQLException.unsupported("the function " + name + "()");
		}
		return new Call(function, List.copyOf(args));
	}

	@Override
	public Expr visitAggregationExpr(PromQLParser.AggregationExprContext ctx) {
		AggregationContext agg = ctx.aggregation();
		String op = agg.AGGREGATION_OP().getText().toLowerCase(Locale.ROOT);
		List<Expr> args = new ArrayList<>();
		for (PromQLParser.ExprContext arg : agg.arguments().expr()) {
			args.add(visit(arg));
		}
		boolean parameterised = List.of("topk", "bottomk", "quantile", "count_values").contains(op);
		int expected = parameterised ? 2 : 1;
		if (args.size() != expected) {
			throw error(ctx, "wrong number of arguments for aggregate expression provided, expected " + expected
					+ ", got " + args.size());
		}
		Expr param = parameterised ? args.get(0) : null;
		Expr expr = args.get(expected - 1);
		if (expr.type() != ValueType.VECTOR) {
			throw error(ctx, "expected type instant vector in aggregation expression, got " + typeName(expr.type()));
		}
		if (param != null) {
			ValueType paramType = op.equals("count_values") ? ValueType.STRING : ValueType.SCALAR;
			if (param.type() != paramType) {
				throw error(ctx, "expected type " + typeName(paramType) + " in aggregation parameter, got "
						+ typeName(param.type()));
			}
		}
		PromQLParser.GroupingContext grouping = agg.grouping();
		List<String> labels = (grouping != null) ? labels(grouping.labelList()) : List.of();
		boolean without = grouping != null && grouping.WITHOUT() != null;
		return new Aggregate(op, expr, param, labels, without);
	}

	@Override
	public Expr visitSelectorExpr(PromQLParser.SelectorExprContext ctx) {
		PromQLParser.VectorSelectorContext selector = ctx.vectorSelector();
		List<Matcher> matchers = new ArrayList<>();
		String name = null;
		if (selector.metricName() != null) {
			name = selector.metricName().getText();
			matchers.add(Matcher.of("__name__", Matcher.Type.EQ, name));
		}
		if (selector.labelMatchers() != null) {
			for (LabelMatcherContext m : selector.labelMatchers().labelMatcher()) {
				if (m.op == null) {
					if (name != null) {
						throw error(m, "metric name must not be set twice: \"" + name + "\" or \""
								+ string(m.STRING(0).getSymbol()) + "\"");
					}
					name = string(m.STRING(0).getSymbol());
					matchers.add(Matcher.of("__name__", Matcher.Type.EQ, name));
					continue;
				}
				String label = (m.labelName() != null) ? m.labelName().getText() : string(m.name);
				Token valueToken = m.STRING(m.STRING().size() - 1).getSymbol();
				String value = string(valueToken);
				Matcher.Type type = switch (m.op.getType()) {
					case PromQLParser.EQL -> Matcher.Type.EQ;
					case PromQLParser.NEQ -> Matcher.Type.NEQ;
					case PromQLParser.EQL_REGEX -> Matcher.Type.RE;
					default -> Matcher.Type.NRE;
				};
				if (label.equals("__name__") && name != null && type == Matcher.Type.EQ) {
					throw error(m, "metric name must not be set twice: \"" + name + "\" or \"" + value + "\"");
				}
				try {
					matchers.add(Matcher.of(label, type, value));
				}
				catch (PatternSyntaxException ex) {
					throw error(m, "invalid regular expression in label matcher: " + ex.getDescription());
				}
			}
		}
		if (matchers.stream().allMatch(Matcher::matchesEmpty)) {
			throw error(ctx, "vector selector must contain at least one non-empty matcher");
		}
		return new VectorSelector(List.copyOf(matchers), 0, null);
	}

	private static List<String> labels(LabelListContext ctx) {
		return ctx.labelName().stream().map(ParserRuleContext::getText).toList();
	}

	private static String typeName(ValueType type) {
		return switch (type) {
			case VECTOR -> "instant vector";
			case MATRIX -> "range vector";
			default -> type.wireName();
		};
	}

	private static PromQLException error(ParserRuleContext ctx, String message) {
		Token start = ctx.getStart();
		return PromQLException.parse(start.getLine(), start.getCharPositionInLine(), message);
	}

}
