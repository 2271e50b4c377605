/** A Confluence group as v1 returns it (`Group`). */
export interface ConfluenceGroup {
  id: string;
  name: string;
}

/** A group that carries Confluence product access and the role it carries. */
export interface CarryingGroup extends ConfluenceGroup {
  role: 'user' | 'admin' | 'guest';
}
