/* SPDX-License-Identifier: MIT */
/*
 * rbtree: an intrusive red-black tree with Linux's names. A struct rb_node
 * is embedded in its owner (rb_entry); the tree never allocates and never
 * compares: the caller walks down to the place where a node belongs,
 * links it there (rb_link_node) and lets rb_insert_color rebalance, or
 * uses rb_add/rb_add_cached with a "less" function. Every operation is
 * O(log n) with no recursion; equal keys keep their order of arrival when
 * inserted with rb_add (an equal key goes to the right).
 *
 * rb_root_cached also keeps the leftmost node, so the smallest key is
 * found in O(1) (the scheduler's run queue takes it at every pick).
 *
 * The parent pointer and the colour share one word: nodes are at least
 * 4-byte aligned, bit 0 is the colour (0 red, 1 black).
 *
 *            (B)            a red node has black children (NULL is black);
 *           /   \           every path from a node down to a NULL has the
 *         (r)   (B)         same number of black nodes (the black height),
 *         / \               so the longest path is at most twice the
 *       (B) (B)             shortest: depth <= 2 * log2(n + 1).
 *
 * Context: the tree has no lock; its owner serialises.
 */
#ifndef KEEL_LIB_RBTREE_H
#define KEEL_LIB_RBTREE_H

#include "kernel/lib/types.h"

struct rb_node {
	uintptr_t __rb_parent_color; /* parent | colour (bit 0) */
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __aligned(sizeof(long));

struct rb_root {
	struct rb_node *rb_node;
};

struct rb_root_cached {
	struct rb_root rb_root;
	struct rb_node *rb_leftmost; /* the first node in order, or NULL */
};

#define RB_RED 0UL
#define RB_BLACK 1UL

#define RB_ROOT ((struct rb_root){NULL})
#define RB_ROOT_CACHED ((struct rb_root_cached){{NULL}, NULL})

#define rb_entry(ptr, type, member) container_of(ptr, type, member)
/* rb_entry for a node that may be NULL. */
#define rb_entry_safe(ptr, type, member)                                       \
	({                                                                     \
		__auto_type _p = (ptr);                                        \
		_p ? rb_entry(_p, type, member) : NULL;                        \
	})

#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)

/*
 * A node that is in no tree points to itself as its parent; RB_CLEAR_NODE
 * marks it so and RB_EMPTY_NODE asks.
 */
#define RB_EMPTY_NODE(node) ((node)->__rb_parent_color == (uintptr_t)(node))
#define RB_CLEAR_NODE(node) ((node)->__rb_parent_color = (uintptr_t)(node))

static inline struct rb_node *rb_parent(const struct rb_node *node)
{
	return (struct rb_node *)(node->__rb_parent_color & ~(uintptr_t)3);
}

static inline bool rb_is_black(const struct rb_node *node)
{
	return node->__rb_parent_color & RB_BLACK;
}

static inline bool rb_is_red(const struct rb_node *node)
{
	return !rb_is_black(node);
}

/**
 * rb_link_node - put @node, red and childless, at *@rb_link under @parent.
 * @node: the node (in no tree).
 * @parent: the node whose child slot @rb_link is, or NULL for the root.
 * @rb_link: the empty child slot (or &root->rb_node) the search ended on.
 *
 * The tree is not balanced again until rb_insert_color is called.
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (uintptr_t)parent;
	node->rb_left = NULL;
	node->rb_right = NULL;
	*rb_link = node;
}

/**
 * rb_insert_color - rebalance @root after rb_link_node linked @node.
 * @node: the node just linked.
 * @root: its tree.
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root);

/**
 * rb_erase - take @node out of @root and rebalance.
 * @node: a node of @root.
 * @root: the tree.
 *
 * @node's own fields are left stale; RB_CLEAR_NODE it to mark it unlinked.
 */
void rb_erase(struct rb_node *node, struct rb_root *root);

/**
 * rb_replace_node - put @new in @victim's place (same key, no rebalance).
 * @victim: a node of @root.
 * @new: a node in no tree; takes @victim's colour, parent and children.
 * @root: the tree.
 */
void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root);

/* In-order navigation; NULL past either end or for an empty tree. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

static inline struct rb_node *rb_first_cached(const struct rb_root_cached *root)
{
	return root->rb_leftmost;
}

/**
 * rb_insert_color_cached - rb_insert_color for a cached tree.
 * @node: the node just linked (rb_link_node).
 * @root: its tree.
 * @leftmost: true when the search for @node's place only went left, so
 *   @node is the new first node.
 */
static inline void rb_insert_color_cached(struct rb_node *node,
					  struct rb_root_cached *root,
					  bool leftmost)
{
	if (leftmost)
		root->rb_leftmost = node;
	rb_insert_color(node, &root->rb_root);
}

/**
 * rb_erase_cached - rb_erase for a cached tree (the leftmost follows).
 * @node: a node of @root.
 * @root: the tree.
 * Return: the new leftmost node when @node was the leftmost, else NULL.
 */
static inline struct rb_node *rb_erase_cached(struct rb_node *node,
					      struct rb_root_cached *root)
{
	struct rb_node *leftmost = NULL;

	if (root->rb_leftmost == node)
		leftmost = root->rb_leftmost = rb_next(node);
	rb_erase(node, &root->rb_root);
	return leftmost;
}

/**
 * rb_add - insert @node in order: after every node it is not less than.
 * @node: a node in no tree.
 * @root: the tree.
 * @less: the order: less(a, b) is true when a sorts before b.
 */
static inline void rb_add(struct rb_node *node, struct rb_root *root,
			  bool (*less)(const struct rb_node *,
				       const struct rb_node *))
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = less(node, parent) ? &parent->rb_left
					  : &parent->rb_right;
	}
	rb_link_node(node, parent, link);
	rb_insert_color(node, root);
}

/**
 * rb_add_cached - rb_add for a cached tree.
 * @node: a node in no tree.
 * @root: the tree.
 * @less: the order, as for rb_add.
 * Return: true when @node is the new leftmost node.
 */
static inline bool
rb_add_cached(struct rb_node *node, struct rb_root_cached *root,
	      bool (*less)(const struct rb_node *, const struct rb_node *))
{
	struct rb_node **link = &root->rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		if (less(node, parent)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(node, parent, link);
	rb_insert_color_cached(node, root, leftmost);
	return leftmost;
}

/**
 * rb_find - a node whose key equals @key.
 * @key: what to look for (passed to @cmp as is).
 * @root: the tree.
 * @cmp: cmp(key, node) < 0 when key sorts before node, 0 when it matches,
 *   > 0 after (a range lookup may call any node that covers key a match).
 * Return: a matching node, or NULL.
 */
static inline struct rb_node *
rb_find(const void *key, const struct rb_root *root,
	int (*cmp)(const void *key, const struct rb_node *))
{
	struct rb_node *node = root->rb_node;

	while (node) {
		int c = cmp(key, node);

		if (c < 0)
			node = node->rb_left;
		else if (c > 0)
			node = node->rb_right;
		else
			return node;
	}
	return NULL;
}

/* What rb_check found wrong, as its negative return value. */
enum rb_check_error {
	RB_ERR_ROOT_PARENT = -1, /* the root has a parent */
	RB_ERR_RED_ROOT = -2, /* the root is red */
	RB_ERR_PARENT = -3, /* a child does not point back to its parent */
	RB_ERR_RED_RED = -4, /* a red node has a red child */
	RB_ERR_BLACK_HEIGHT = -5, /* two paths differ in black nodes */
	RB_ERR_ORDER = -6, /* in-order neighbours out of order */
	RB_ERR_DEPTH = -7, /* deeper than any valid tree: a cycle */
	RB_ERR_LEFTMOST = -8, /* rb_leftmost is not the first node */
};

/* No valid tree in a 64-bit address space is deeper than this. */
#define RB_MAX_DEPTH 128

/**
 * rb_check - validate @root (for tests and fuzzers).
 * @root: the tree.
 * @less: the order (as for rb_add), or NULL to skip the order check; the
 *   in-order sequence must never have a node less than its predecessor.
 * @count: if not NULL, receives the number of nodes (when valid).
 * Return: the black height (0 for an empty tree, NULLs not counted), or a
 *   negative enum rb_check_error for the first problem found.
 */
int rb_check(const struct rb_root *root,
	     bool (*less)(const struct rb_node *, const struct rb_node *),
	     size_t *count);

/**
 * rb_check_cached - rb_check, and rb_leftmost is the first node.
 * Return: as rb_check; RB_ERR_LEFTMOST for a stale leftmost.
 */
int rb_check_cached(const struct rb_root_cached *root,
		    bool (*less)(const struct rb_node *,
				 const struct rb_node *),
		    size_t *count);

#endif
