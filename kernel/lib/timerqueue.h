/* SPDX-License-Identifier: MIT */
/*
 * timerqueue: pending expiries ordered by time, earliest first. A node is
 * embedded in its owner (container_of). A singly linked sorted list: keel
 * has few timers, and the earliest is what the clockevent needs.
 */
#ifndef KEEL_LIB_TIMERQUEUE_H
#define KEEL_LIB_TIMERQUEUE_H

#include "kernel/lib/types.h"

struct timerqueue_node {
	u64 expires; /* nanoseconds on the monotonic clock */
	struct timerqueue_node *next;
	bool queued;
};

struct timerqueue_head {
	struct timerqueue_node *first;
};

/**
 * timerqueue_add - queue @node after every node expiring at or before it
 * (equal expiries keep their order of arrival).
 * @head: the queue.
 * @node: not queued (node->queued is false); expires already set.
 * Return: true when @node is now the earliest.
 * Context: caller serialises (interrupts off).
 */
bool timerqueue_add(struct timerqueue_head *head, struct timerqueue_node *node);

/**
 * timerqueue_del - unqueue @node if it is queued.
 * @head: the queue.
 * @node: the node.
 * Return: true when it was queued.
 * Context: caller serialises.
 */
bool timerqueue_del(struct timerqueue_head *head, struct timerqueue_node *node);

/**
 * timerqueue_pop_expired - unqueue and return the earliest node if it
 * expires at or before @now.
 * @head: the queue.
 * @now: the current time.
 * Return: the node, or NULL when none has expired.
 * Context: caller serialises.
 */
struct timerqueue_node *timerqueue_pop_expired(struct timerqueue_head *head,
					       u64 now);

/**
 * timerqueue_first - the earliest node, or NULL for an empty queue.
 * @head: the queue.
 * Return: the node (still queued).
 * Context: caller serialises.
 */
static inline struct timerqueue_node *
timerqueue_first(const struct timerqueue_head *head)
{
	return head->first;
}

#endif
