/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU data, as machine-neutral code sees it (Linux's names).
 *
 * DEFINE_PER_CPU(type, name) places the variable in .data..percpu, the
 * template (seed 000). setup_per_cpu_areas() gives every possible CPU its
 * own copy of the template; a CPU reaches its copy through its GS base
 * (arch/x86_64/percpu.h). Before that, CPU 0 runs on the template itself.
 *
 *   this_cpu_ptr(&var)      this CPU's copy (preemption off, or it may be
 *                           another CPU's by the time it is used)
 *   per_cpu_ptr(&var, cpu)  CPU @cpu's copy
 *   per_cpu(var, cpu)       the copy itself, as an lvalue
 *
 * The hottest fields (current task, CPU number, top of the kernel stack,
 * preempt count) sit in struct pcpu_hot at offset 0 of every area and are
 * read with one %gs-relative instruction.
 */
#ifndef KEEL_KERNEL_ARCH_PERCPU_H
#define KEEL_KERNEL_ARCH_PERCPU_H

#include "arch/x86_64/percpu.h"

#endif
