import type { Role } from '../common/http/request-context';

/*
 * The demo province's organizations, rooms and accounts (Ningxia, Asia/Shanghai), as plain data: the seed creates
 * each through the services. Names are of real kinds of institutions; the people are invented.
 */

export const DEMO_ZONE = 'Asia/Shanghai';
/** The one password of every demo account (fixed, printed at the end and in README): demo data, never production. */
export const DEMO_PASSWORD = 'ningxia-demo-2019';
export const DEMO_EMAIL_DOMAIN = 'nx-demo.local';

export interface DemoUser {
  key: string;
  role: Role;
  name: string;
  email: string;
}

export interface DemoCourt {
  key: string;
  name: string;
  /** The court's code in case numbers: (2019)宁0104刑初12号. */
  code: string;
  courtrooms: string[];
  users: DemoUser[];
}

export interface DemoCenter {
  key: string;
  name: string;
  videoRooms: string[];
  users: DemoUser[];
}

export interface DemoLawFirm {
  key: string;
  name: string;
  /** Duty lawyers (值班律师) of a legal-aid center witness the affidavits of suspects who have no lawyer. */
  duty: boolean;
  users: DemoUser[];
}

const user = (key: string, role: Role, name: string): DemoUser => ({
  key,
  role,
  name,
  email: `${key}@${DEMO_EMAIL_DOMAIN}`,
});

export const DEMO_ADMIN = user('admin', 'admin', '系统管理员 (demo admin)');

export const DEMO_PROCURATORATE = {
  key: 'procuratorate',
  name: '宁夏回族自治区人民检察院',
  videoRooms: ['远程提讯室一', '远程提讯室二'],
  users: [
    user('prosecutor.ma', 'prosecutor', '马建国'),
    user('prosecutor.wang', 'prosecutor', '王晓燕'),
    user('prosecutor.li', 'prosecutor', '李志强'),
    user('prosecutor.zhang', 'prosecutor', '张丽'),
  ],
};

export const DEMO_COURTS: DemoCourt[] = [
  {
    key: 'xingqing',
    name: '银川市兴庆区人民法院',
    code: '宁0104',
    courtrooms: ['第一审判庭', '速裁法庭'],
    users: [
      user('clerk.xingqing', 'clerk', '杨帆'),
      user('judge.xingqing', 'judge', '周立新'),
      user('judge2.xingqing', 'judge', '何静'),
    ],
  },
  {
    key: 'jinfeng',
    name: '银川市金凤区人民法院',
    code: '宁0106',
    courtrooms: ['第一审判庭', '第二审判庭'],
    users: [user('clerk.jinfeng', 'clerk', '刘洋'), user('judge.jinfeng', 'judge', '田玉梅')],
  },
  {
    key: 'dawukou',
    name: '石嘴山市大武口区人民法院',
    code: '宁0202',
    courtrooms: ['第一审判庭'],
    users: [user('clerk.dawukou', 'clerk', '郭磊'), user('judge.dawukou', 'judge', '苏红')],
  },
  {
    key: 'litong',
    name: '吴忠市利通区人民法院',
    code: '宁0302',
    courtrooms: ['第一审判庭'],
    users: [user('clerk.litong', 'clerk', '丁海'), user('judge.litong', 'judge', '金秀兰')],
  },
];

export const DEMO_CENTERS: DemoCenter[] = [
  {
    key: 'yinchuan',
    name: '银川市看守所',
    videoRooms: ['视频庭审室1', '视频庭审室2', '视频庭审室3'],
    users: [user('officer.yinchuan', 'detention_officer', '赵刚')],
  },
  {
    key: 'shizuishan',
    name: '石嘴山市看守所',
    videoRooms: ['视频庭审室1', '视频庭审室2'],
    users: [user('officer.shizuishan', 'detention_officer', '孙伟')],
  },
  {
    key: 'wuzhong',
    name: '吴忠市看守所',
    videoRooms: ['视频庭审室1', '视频庭审室2'],
    users: [user('officer.wuzhong', 'detention_officer', '白玉')],
  },
];

export const DEMO_LAW_FIRMS: DemoLawFirm[] = [
  {
    key: 'firm',
    name: '宁夏贺兰山律师事务所',
    duty: false,
    users: [user('lawyer.chen', 'lawyer', '陈明'), user('lawyer.hu', 'lawyer', '胡晓东')],
  },
  {
    key: 'legal-aid',
    name: '宁夏回族自治区法律援助中心',
    duty: true,
    users: [user('duty.lawyer.yang', 'lawyer', '杨秀英'), user('duty.lawyer.ma', 'lawyer', '马强')],
  },
];

/** Every demo account, in the order printed. */
export function demoUsers(): DemoUser[] {
  return [
    DEMO_ADMIN,
    ...DEMO_PROCURATORATE.users,
    ...DEMO_COURTS.flatMap((c) => c.users),
    ...DEMO_CENTERS.flatMap((c) => c.users),
    ...DEMO_LAW_FIRMS.flatMap((f) => f.users),
  ];
}
