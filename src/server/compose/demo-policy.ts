import { loadWorkflowPolicy } from '../../core/index.ts';
import { DEMO_WORKFLOWS_FILE, demoWorkflows } from './demo.ts';
import type { Runtime } from './runtime.ts';

/**
 * Puts the demo workflows with a fallback approver in force (recorded as a policy change, shown on
 * the policy page): once the demo accounts are chosen, the administrator's identity is known.
 */
export async function useDemoFallbackApprover(runtime: Runtime, fallbackApproverId: string): Promise<void> {
  const text = demoWorkflows(fallbackApproverId);
  runtime.governance.setPolicies({ workflows: loadWorkflowPolicy(DEMO_WORKFLOWS_FILE, text) });
  await runtime.governance.recordPolicies({ workflows: text }, 'system');
  runtime.policies.workflows = { file: DEMO_WORKFLOWS_FILE, text };
}
