/** A loaded policy file as the policy page and the API show it. */
export interface PolicyText {
  file: string;
  text: string;
}

/** The policy files in force: the attribute policy and the approval workflows. */
export interface PolicyTexts {
  attributes: PolicyText | undefined;
  workflows: PolicyText | undefined;
}
