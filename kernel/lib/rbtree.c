// SPDX-License-Identifier: MIT
/*
 * The red-black tree's rebalancing, navigation and validation (see
 * rbtree.h for the rules). Insertion and erasure follow the classic case
 * analysis (Guibas and Sedgewick; Cormen et al., chapter 13) written for
 * NULL leaves instead of a sentinel: a NULL child counts as black. Each
 * mirror-image case is written out, left then right.
 */
#include "kernel/lib/rbtree.h"

static inline uintptr_t rb_color(const struct rb_node *node)
{
	return node->__rb_parent_color & RB_BLACK;
}

/* A NULL child is black. */
static inline bool rb_red(const struct rb_node *node)
{
	return node && rb_is_red(node);
}

static inline void rb_set_parent(struct rb_node *node, struct rb_node *parent)
{
	node->__rb_parent_color = (uintptr_t)parent | rb_color(node);
}

static inline void rb_set_color(struct rb_node *node, uintptr_t color)
{
	node->__rb_parent_color = (uintptr_t)rb_parent(node) | color;
}

static inline void rb_set_black(struct rb_node *node)
{
	node->__rb_parent_color |= RB_BLACK;
}

/* Make @parent (or the root when NULL) point to @new instead of @old. */
static void rb_change_child(struct rb_node *old, struct rb_node *new,
			    struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Rotate left around @x: its right child y takes its place, x becomes y's
 * left child and y's old left subtree becomes x's right one. Colours stay.
 *
 *      x                y
 *     / \              / \
 *    a   y     ->     x   c
 *       / \          / \
 *      b   c        a   b
 */
static void rb_rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right, *parent = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	y->rb_left = x;
	rb_set_parent(y, parent);
	rb_set_parent(x, y);
	rb_change_child(x, y, parent, root);
}

/* The mirror image of rb_rotate_left. */
static void rb_rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left, *parent = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	y->rb_right = x;
	rb_set_parent(y, parent);
	rb_set_parent(x, y);
	rb_change_child(x, y, parent, root);
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	/* @node is red; the only rule that can be broken is red-red. */
	for (;;) {
		struct rb_node *parent = rb_parent(node), *gparent, *uncle;

		if (!parent) {
			rb_set_black(node); /* the root is black */
			return;
		}
		if (rb_is_black(parent))
			return;
		/* A red parent is not the root: gparent exists, is black. */
		gparent = rb_parent(parent);
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (rb_red(uncle)) {
				/* Push gparent's blackness down, go up. */
				rb_set_black(parent);
				rb_set_black(uncle);
				rb_set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				/* Inner grandchild: make it outer. */
				rb_rotate_left(parent, root);
				parent = node;
			}
			rb_set_black(parent);
			rb_set_color(gparent, RB_RED);
			rb_rotate_right(gparent, root);
			return;
		}
		uncle = gparent->rb_left;
		if (rb_red(uncle)) {
			rb_set_black(parent);
			rb_set_black(uncle);
			rb_set_color(gparent, RB_RED);
			node = gparent;
			continue;
		}
		if (node == parent->rb_left) {
			rb_rotate_right(parent, root);
			parent = node;
		}
		rb_set_black(parent);
		rb_set_color(gparent, RB_RED);
		rb_rotate_left(gparent, root);
		return;
	}
}

/*
 * A black node was removed from under @parent, on the side where @node
 * (NULL or black) now is: that side is one black short. Fix it by
 * recolouring and rotating, moving the deficit up when that is all a
 * recolouring can do.
 */
static void rb_erase_fixup(struct rb_node *node, struct rb_node *parent,
			   struct rb_root *root)
{
	struct rb_node *sib;

	while (parent) {
		if (node == parent->rb_left) {
			/* The short side has a black sibling subtree of
			 * black height >= 1, so sib is not NULL. */
			sib = parent->rb_right;
			if (rb_is_red(sib)) {
				/* Make the sibling black (parent red). */
				rb_set_black(sib);
				rb_set_color(parent, RB_RED);
				rb_rotate_left(parent, root);
				sib = parent->rb_right;
			}
			if (!rb_red(sib->rb_left) && !rb_red(sib->rb_right)) {
				rb_set_color(sib, RB_RED);
				if (rb_is_red(parent)) {
					rb_set_black(parent);
					return;
				}
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (!rb_red(sib->rb_right)) {
				/* Only the inner nephew is red: turn it. */
				rb_set_black(sib->rb_left);
				rb_set_color(sib, RB_RED);
				rb_rotate_right(sib, root);
				sib = parent->rb_right;
			}
			/* The outer nephew is red: one rotation ends it. */
			rb_set_color(sib, rb_color(parent));
			rb_set_black(parent);
			rb_set_black(sib->rb_right);
			rb_rotate_left(parent, root);
			return;
		}
		sib = parent->rb_left;
		if (rb_is_red(sib)) {
			rb_set_black(sib);
			rb_set_color(parent, RB_RED);
			rb_rotate_right(parent, root);
			sib = parent->rb_left;
		}
		if (!rb_red(sib->rb_left) && !rb_red(sib->rb_right)) {
			rb_set_color(sib, RB_RED);
			if (rb_is_red(parent)) {
				rb_set_black(parent);
				return;
			}
			node = parent;
			parent = rb_parent(node);
			continue;
		}
		if (!rb_red(sib->rb_left)) {
			rb_set_black(sib->rb_right);
			rb_set_color(sib, RB_RED);
			rb_rotate_left(sib, root);
			sib = parent->rb_left;
		}
		rb_set_color(sib, rb_color(parent));
		rb_set_black(parent);
		rb_set_black(sib->rb_left);
		rb_rotate_right(parent, root);
		return;
	}
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent;
	uintptr_t removed_color;

	if (!node->rb_left || !node->rb_right) {
		/* At most one child: splice @node out. */
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		removed_color = rb_color(node);
		if (child)
			rb_set_parent(child, parent);
		rb_change_child(node, child, parent, root);
	} else {
		/* Two children: the successor (leftmost of the right
		 * subtree, no left child) takes @node's place and colour;
		 * its own old place loses a node of its colour. */
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		child = succ->rb_right;
		removed_color = rb_color(succ);
		if (succ == node->rb_right) {
			parent = succ;
		} else {
			parent = rb_parent(succ);
			parent->rb_left = child;
			if (child)
				rb_set_parent(child, parent);
			succ->rb_right = node->rb_right;
			rb_set_parent(node->rb_right, succ);
		}
		succ->rb_left = node->rb_left;
		rb_set_parent(node->rb_left, succ);
		rb_change_child(node, succ, rb_parent(node), root);
		succ->__rb_parent_color = node->__rb_parent_color;
	}
	if (removed_color == RB_RED)
		return;
	/* A black node went: a red child (the only kind a black node
	 * with one child can have) turns black and restores the count. */
	if (rb_red(child))
		rb_set_black(child);
	else
		rb_erase_fixup(child, parent, root);
}

void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	rb_change_child(victim, new, parent, root);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *node = root->rb_node;

	if (!node)
		return NULL;
	while (node->rb_left)
		node = node->rb_left;
	return node;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *node = root->rb_node;

	if (!node)
		return NULL;
	while (node->rb_right)
		node = node->rb_right;
	return node;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* Up until we come from a left child: that parent is next. */
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

struct rb_check_state {
	bool (*less)(const struct rb_node *, const struct rb_node *);
	const struct rb_node *prev; /* in-order predecessor */
	size_t count;
	int leaf_black; /* black nodes above every NULL, -1 before one */
};

/* A NULL child below a path with @black black nodes. */
static int rb_check_leaf(struct rb_check_state *st, int black)
{
	if (st->leaf_black < 0)
		st->leaf_black = black;
	return st->leaf_black == black ? 0 : RB_ERR_BLACK_HEIGHT;
}

/* @node's links to its children, and the red rule. */
static int rb_check_links(const struct rb_node *node)
{
	const struct rb_node *kids[2] = {node->rb_left, node->rb_right};

	for (int i = 0; i < 2; i++) {
		if (!kids[i])
			continue;
		if (rb_parent(kids[i]) != node)
			return RB_ERR_PARENT;
		if (rb_is_red(node) && rb_is_red(kids[i]))
			return RB_ERR_RED_RED;
	}
	return 0;
}

/* In-order visit of @node: order against its predecessor. */
static int rb_check_visit(struct rb_check_state *st, const struct rb_node *node)
{
	if (st->prev && st->less && st->less(node, st->prev))
		return RB_ERR_ORDER;
	st->prev = node;
	st->count++;
	return 0;
}

/*
 * Iterative in-order walk with an explicit stack of at most RB_MAX_DEPTH
 * frames, so a corrupted tree (even a cycle) cannot run it off the stack.
 */
static int rb_check_walk(const struct rb_root *root, struct rb_check_state *st)
{
	struct {
		const struct rb_node *node;
		int black; /* black nodes from the root to node, inclusive */
	} stack[RB_MAX_DEPTH];
	const struct rb_node *node = root->rb_node;
	int depth = 0, black = 0, err;

	if (node && rb_parent(node))
		return RB_ERR_ROOT_PARENT;
	if (node && rb_is_red(node))
		return RB_ERR_RED_ROOT;
	if (!node)
		return rb_check_leaf(st, 0);
	while (node || depth) {
		while (node) {
			if (depth == RB_MAX_DEPTH)
				return RB_ERR_DEPTH;
			err = rb_check_links(node);
			if (err)
				return err;
			black += rb_is_black(node);
			stack[depth].node = node;
			stack[depth++].black = black;
			if (!node->rb_left) {
				err = rb_check_leaf(st, black);
				if (err)
					return err;
			}
			node = node->rb_left;
		}
		depth--;
		node = stack[depth].node;
		black = stack[depth].black;
		err = rb_check_visit(st, node);
		if (err)
			return err;
		if (!node->rb_right) {
			err = rb_check_leaf(st, black);
			if (err)
				return err;
		}
		node = node->rb_right;
	}
	return 0;
}

int rb_check(const struct rb_root *root,
	     bool (*less)(const struct rb_node *, const struct rb_node *),
	     size_t *count)
{
	struct rb_check_state st = {.less = less, .leaf_black = -1};
	int err = rb_check_walk(root, &st);

	if (err)
		return err;
	if (count)
		*count = st.count;
	return st.leaf_black;
}

int rb_check_cached(const struct rb_root_cached *root,
		    bool (*less)(const struct rb_node *,
				 const struct rb_node *),
		    size_t *count)
{
	int ret = rb_check(&root->rb_root, less, count);

	if (ret < 0)
		return ret;
	if (root->rb_leftmost != rb_first(&root->rb_root))
		return RB_ERR_LEFTMOST;
	return ret;
}
